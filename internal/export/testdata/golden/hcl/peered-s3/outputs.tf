output "app-vpc_id" {
  description = "ID of vpc app-vpc"
  value       = aws_vpc.app-vpc.id
}

output "shared-vpc_id" {
  description = "ID of vpc shared-vpc"
  value       = aws_vpc.shared-vpc.id
}

output "app-a_id" {
  description = "ID of subnet app-a"
  value       = aws_subnet.app-a.id
}

output "app-b_id" {
  description = "ID of subnet app-b"
  value       = aws_subnet.app-b.id
}

output "shared-a_id" {
  description = "ID of subnet shared-a"
  value       = aws_subnet.shared-a.id
}

output "shared-b_id" {
  description = "ID of subnet shared-b"
  value       = aws_subnet.shared-b.id
}

output "app-sg_id" {
  description = "ID of security-group app-sg"
  value       = aws_security_group.app-sg.id
}

output "app-vpc_default-sg_id" {
  description = "ID of security-group app-vpc.default-sg"
  value       = aws_default_security_group.app-vpc_default-sg.id
}

output "shared-sg_id" {
  description = "ID of security-group shared-sg"
  value       = aws_security_group.shared-sg.id
}

output "shared-vpc_default-sg_id" {
  description = "ID of security-group shared-vpc.default-sg"
  value       = aws_default_security_group.shared-vpc_default-sg.id
}

output "app-s3_id" {
  description = "ID of vpc-endpoint app-s3"
  value       = aws_vpc_endpoint.app-s3.id
}
