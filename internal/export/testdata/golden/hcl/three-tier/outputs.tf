output "web-vpc_id" {
  description = "ID of vpc web-vpc"
  value       = aws_vpc.web-vpc.id
}

output "app-a_id" {
  description = "ID of subnet app-a"
  value       = aws_subnet.app-a.id
}

output "app-b_id" {
  description = "ID of subnet app-b"
  value       = aws_subnet.app-b.id
}

output "data-a_id" {
  description = "ID of subnet data-a"
  value       = aws_subnet.data-a.id
}

output "data-b_id" {
  description = "ID of subnet data-b"
  value       = aws_subnet.data-b.id
}

output "public-a_id" {
  description = "ID of subnet public-a"
  value       = aws_subnet.public-a.id
}

output "public-b_id" {
  description = "ID of subnet public-b"
  value       = aws_subnet.public-b.id
}

output "alb-sg_id" {
  description = "ID of security-group alb-sg"
  value       = aws_security_group.alb-sg.id
}

output "app-sg_id" {
  description = "ID of security-group app-sg"
  value       = aws_security_group.app-sg.id
}

output "db-sg_id" {
  description = "ID of security-group db-sg"
  value       = aws_security_group.db-sg.id
}

output "web-vpc_default-sg_id" {
  description = "ID of security-group web-vpc.default-sg"
  value       = aws_default_security_group.web-vpc_default-sg.id
}

output "igw_id" {
  description = "ID of internet-gateway igw"
  value       = aws_internet_gateway.igw.id
}

output "nat-a_id" {
  description = "ID of nat-gateway nat-a"
  value       = aws_nat_gateway.nat-a.id
}

output "nat-b_id" {
  description = "ID of nat-gateway nat-b"
  value       = aws_nat_gateway.nat-b.id
}
