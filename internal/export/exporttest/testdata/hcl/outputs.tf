output "vpc_id" {
  value = aws_vpc.main.id
}

output "subnet_ids" {
  value = aws_subnet.app[*].id
}

output "root_volume" {
  value = aws_instance.web.root_block_device[0].volume_id
}
