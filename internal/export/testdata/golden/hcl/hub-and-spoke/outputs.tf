output "egress-vpc_id" {
  description = "ID of vpc egress-vpc"
  value       = aws_vpc.egress-vpc.id
}

output "spoke-a-vpc_id" {
  description = "ID of vpc spoke-a-vpc"
  value       = aws_vpc.spoke-a-vpc.id
}

output "spoke-b-vpc_id" {
  description = "ID of vpc spoke-b-vpc"
  value       = aws_vpc.spoke-b-vpc.id
}

output "egress-public-a_id" {
  description = "ID of subnet egress-public-a"
  value       = aws_subnet.egress-public-a.id
}

output "egress-public-b_id" {
  description = "ID of subnet egress-public-b"
  value       = aws_subnet.egress-public-b.id
}

output "egress-tgw-a_id" {
  description = "ID of subnet egress-tgw-a"
  value       = aws_subnet.egress-tgw-a.id
}

output "egress-tgw-b_id" {
  description = "ID of subnet egress-tgw-b"
  value       = aws_subnet.egress-tgw-b.id
}

output "spoke-a-app-a_id" {
  description = "ID of subnet spoke-a-app-a"
  value       = aws_subnet.spoke-a-app-a.id
}

output "spoke-a-app-b_id" {
  description = "ID of subnet spoke-a-app-b"
  value       = aws_subnet.spoke-a-app-b.id
}

output "spoke-a-tgw-a_id" {
  description = "ID of subnet spoke-a-tgw-a"
  value       = aws_subnet.spoke-a-tgw-a.id
}

output "spoke-a-tgw-b_id" {
  description = "ID of subnet spoke-a-tgw-b"
  value       = aws_subnet.spoke-a-tgw-b.id
}

output "spoke-b-app-a_id" {
  description = "ID of subnet spoke-b-app-a"
  value       = aws_subnet.spoke-b-app-a.id
}

output "spoke-b-app-b_id" {
  description = "ID of subnet spoke-b-app-b"
  value       = aws_subnet.spoke-b-app-b.id
}

output "spoke-b-tgw-a_id" {
  description = "ID of subnet spoke-b-tgw-a"
  value       = aws_subnet.spoke-b-tgw-a.id
}

output "spoke-b-tgw-b_id" {
  description = "ID of subnet spoke-b-tgw-b"
  value       = aws_subnet.spoke-b-tgw-b.id
}

output "egress-vpc_default-sg_id" {
  description = "ID of security-group egress-vpc.default-sg"
  value       = aws_default_security_group.egress-vpc_default-sg.id
}

output "spoke-a-app-sg_id" {
  description = "ID of security-group spoke-a-app-sg"
  value       = aws_security_group.spoke-a-app-sg.id
}

output "spoke-a-vpc_default-sg_id" {
  description = "ID of security-group spoke-a-vpc.default-sg"
  value       = aws_default_security_group.spoke-a-vpc_default-sg.id
}

output "spoke-b-app-sg_id" {
  description = "ID of security-group spoke-b-app-sg"
  value       = aws_security_group.spoke-b-app-sg.id
}

output "spoke-b-vpc_default-sg_id" {
  description = "ID of security-group spoke-b-vpc.default-sg"
  value       = aws_default_security_group.spoke-b-vpc_default-sg.id
}

output "egress-igw_id" {
  description = "ID of internet-gateway egress-igw"
  value       = aws_internet_gateway.egress-igw.id
}

output "egress-nat-a_id" {
  description = "ID of nat-gateway egress-nat-a"
  value       = aws_nat_gateway.egress-nat-a.id
}

output "egress-nat-b_id" {
  description = "ID of nat-gateway egress-nat-b"
  value       = aws_nat_gateway.egress-nat-b.id
}

output "tgw_id" {
  description = "ID of transit-gateway tgw"
  value       = aws_ec2_transit_gateway.tgw.id
}
