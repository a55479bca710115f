# vpcboard export of Hub and spoke: two workload VPCs egress through a shared VPC and a transit gateway

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      ManagedBy = "vpcboard"
    }
  }
}

data "aws_ssm_parameter" "ami" {
  name = var.ami_ssm_parameter
}

resource "aws_vpc" "egress-vpc" {
  cidr_block           = "100.64.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "egress-vpc"
  }
}

resource "aws_vpc" "spoke-a-vpc" {
  cidr_block           = "10.1.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "spoke-a-vpc"
  }
}

resource "aws_vpc" "spoke-b-vpc" {
  cidr_block           = "10.2.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "spoke-b-vpc"
  }
}

resource "aws_subnet" "egress-public-a" {
  # tier: public
  vpc_id            = aws_vpc.egress-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "100.64.0.0/24"
  tags = {
    Name = "egress-public-a"
  }
}

resource "aws_subnet" "egress-public-b" {
  # tier: public
  vpc_id            = aws_vpc.egress-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "100.64.1.0/24"
  tags = {
    Name = "egress-public-b"
  }
}

resource "aws_subnet" "egress-tgw-a" {
  # tier: transit
  vpc_id            = aws_vpc.egress-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "100.64.10.0/28"
  tags = {
    Name = "egress-tgw-a"
  }
}

resource "aws_subnet" "egress-tgw-b" {
  # tier: transit
  vpc_id            = aws_vpc.egress-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "100.64.10.16/28"
  tags = {
    Name = "egress-tgw-b"
  }
}

resource "aws_subnet" "spoke-a-app-a" {
  # tier: app
  vpc_id            = aws_vpc.spoke-a-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.1.0.0/24"
  tags = {
    Name = "spoke-a-app-a"
  }
}

resource "aws_subnet" "spoke-a-app-b" {
  # tier: app
  vpc_id            = aws_vpc.spoke-a-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.1.1.0/24"
  tags = {
    Name = "spoke-a-app-b"
  }
}

resource "aws_subnet" "spoke-a-tgw-a" {
  # tier: transit
  vpc_id            = aws_vpc.spoke-a-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.1.10.0/28"
  tags = {
    Name = "spoke-a-tgw-a"
  }
}

resource "aws_subnet" "spoke-a-tgw-b" {
  # tier: transit
  vpc_id            = aws_vpc.spoke-a-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.1.10.16/28"
  tags = {
    Name = "spoke-a-tgw-b"
  }
}

resource "aws_subnet" "spoke-b-app-a" {
  # tier: app
  vpc_id            = aws_vpc.spoke-b-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.2.0.0/24"
  tags = {
    Name = "spoke-b-app-a"
  }
}

resource "aws_subnet" "spoke-b-app-b" {
  # tier: app
  vpc_id            = aws_vpc.spoke-b-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.2.1.0/24"
  tags = {
    Name = "spoke-b-app-b"
  }
}

resource "aws_subnet" "spoke-b-tgw-a" {
  # tier: transit
  vpc_id            = aws_vpc.spoke-b-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.2.10.0/28"
  tags = {
    Name = "spoke-b-tgw-a"
  }
}

resource "aws_subnet" "spoke-b-tgw-b" {
  # tier: transit
  vpc_id            = aws_vpc.spoke-b-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.2.10.16/28"
  tags = {
    Name = "spoke-b-tgw-b"
  }
}

resource "aws_route_table" "egress-public-rt" {
  vpc_id = aws_vpc.egress-vpc.id
  tags = {
    Name = "egress-public-rt"
  }
}

resource "aws_route_table" "egress-tgw-rt-a" {
  vpc_id = aws_vpc.egress-vpc.id
  tags = {
    Name = "egress-tgw-rt-a"
  }
}

resource "aws_route_table" "egress-tgw-rt-b" {
  vpc_id = aws_vpc.egress-vpc.id
  tags = {
    Name = "egress-tgw-rt-b"
  }
}

resource "aws_route_table" "spoke-a-rt" {
  vpc_id = aws_vpc.spoke-a-vpc.id
  tags = {
    Name = "spoke-a-rt"
  }
}

resource "aws_route_table" "spoke-b-rt" {
  vpc_id = aws_vpc.spoke-b-vpc.id
  tags = {
    Name = "spoke-b-rt"
  }
}

resource "aws_route" "egress-public-rt_route1" {
  route_table_id         = aws_route_table.egress-public-rt.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.egress-igw.id
  depends_on             = [aws_internet_gateway_attachment.egress-igw]
}

resource "aws_route" "egress-public-rt_route2" {
  route_table_id         = aws_route_table.egress-public-rt.id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.egress-att]
}

resource "aws_route" "egress-tgw-rt-a_route1" {
  route_table_id         = aws_route_table.egress-tgw-rt-a.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.egress-nat-a.id
}

resource "aws_route" "egress-tgw-rt-b_route1" {
  route_table_id         = aws_route_table.egress-tgw-rt-b.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.egress-nat-b.id
}

resource "aws_route" "spoke-a-rt_route1" {
  route_table_id         = aws_route_table.spoke-a-rt.id
  destination_cidr_block = "0.0.0.0/0"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.spoke-a-att]
}

resource "aws_route" "spoke-b-rt_route1" {
  route_table_id         = aws_route_table.spoke-b-rt.id
  destination_cidr_block = "0.0.0.0/0"
  transit_gateway_id     = aws_ec2_transit_gateway.tgw.id
  depends_on             = [aws_ec2_transit_gateway_vpc_attachment.spoke-b-att]
}

resource "aws_route_table_association" "egress-public-a_route_table" {
  subnet_id      = aws_subnet.egress-public-a.id
  route_table_id = aws_route_table.egress-public-rt.id
}

resource "aws_route_table_association" "egress-public-b_route_table" {
  subnet_id      = aws_subnet.egress-public-b.id
  route_table_id = aws_route_table.egress-public-rt.id
}

resource "aws_route_table_association" "egress-tgw-a_route_table" {
  subnet_id      = aws_subnet.egress-tgw-a.id
  route_table_id = aws_route_table.egress-tgw-rt-a.id
}

resource "aws_route_table_association" "egress-tgw-b_route_table" {
  subnet_id      = aws_subnet.egress-tgw-b.id
  route_table_id = aws_route_table.egress-tgw-rt-b.id
}

resource "aws_route_table_association" "spoke-a-app-a_route_table" {
  subnet_id      = aws_subnet.spoke-a-app-a.id
  route_table_id = aws_route_table.spoke-a-rt.id
}

resource "aws_route_table_association" "spoke-a-app-b_route_table" {
  subnet_id      = aws_subnet.spoke-a-app-b.id
  route_table_id = aws_route_table.spoke-a-rt.id
}

resource "aws_route_table_association" "spoke-a-tgw-a_route_table" {
  subnet_id      = aws_subnet.spoke-a-tgw-a.id
  route_table_id = aws_route_table.spoke-a-rt.id
}

resource "aws_route_table_association" "spoke-a-tgw-b_route_table" {
  subnet_id      = aws_subnet.spoke-a-tgw-b.id
  route_table_id = aws_route_table.spoke-a-rt.id
}

resource "aws_route_table_association" "spoke-b-app-a_route_table" {
  subnet_id      = aws_subnet.spoke-b-app-a.id
  route_table_id = aws_route_table.spoke-b-rt.id
}

resource "aws_route_table_association" "spoke-b-app-b_route_table" {
  subnet_id      = aws_subnet.spoke-b-app-b.id
  route_table_id = aws_route_table.spoke-b-rt.id
}

resource "aws_route_table_association" "spoke-b-tgw-a_route_table" {
  subnet_id      = aws_subnet.spoke-b-tgw-a.id
  route_table_id = aws_route_table.spoke-b-rt.id
}

resource "aws_route_table_association" "spoke-b-tgw-b_route_table" {
  subnet_id      = aws_subnet.spoke-b-tgw-b.id
  route_table_id = aws_route_table.spoke-b-rt.id
}

resource "aws_default_route_table" "egress-vpc_main-rtb" {
  default_route_table_id = aws_vpc.egress-vpc.default_route_table_id
  tags = {
    Name = "egress-vpc.main-rtb"
  }
}

resource "aws_default_route_table" "spoke-a-vpc_main-rtb" {
  default_route_table_id = aws_vpc.spoke-a-vpc.default_route_table_id
  tags = {
    Name = "spoke-a-vpc.main-rtb"
  }
}

resource "aws_default_route_table" "spoke-b-vpc_main-rtb" {
  default_route_table_id = aws_vpc.spoke-b-vpc.default_route_table_id
  tags = {
    Name = "spoke-b-vpc.main-rtb"
  }
}

resource "aws_default_network_acl" "egress-vpc_default-nacl" {
  default_network_acl_id = aws_vpc.egress-vpc.default_network_acl_id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  tags = {
    Name = "egress-vpc.default-nacl"
  }
}

resource "aws_default_network_acl" "spoke-a-vpc_default-nacl" {
  default_network_acl_id = aws_vpc.spoke-a-vpc.default_network_acl_id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  tags = {
    Name = "spoke-a-vpc.default-nacl"
  }
}

resource "aws_default_network_acl" "spoke-b-vpc_default-nacl" {
  default_network_acl_id = aws_vpc.spoke-b-vpc.default_network_acl_id
  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
  tags = {
    Name = "spoke-b-vpc.default-nacl"
  }
}

resource "aws_default_security_group" "egress-vpc_default-sg" {
  vpc_id = aws_vpc.egress-vpc.id
  tags = {
    Name = "egress-vpc.default-sg"
  }
}

resource "aws_default_security_group" "spoke-a-vpc_default-sg" {
  vpc_id = aws_vpc.spoke-a-vpc.id
  tags = {
    Name = "spoke-a-vpc.default-sg"
  }
}

resource "aws_default_security_group" "spoke-b-vpc_default-sg" {
  vpc_id = aws_vpc.spoke-b-vpc.id
  tags = {
    Name = "spoke-b-vpc.default-sg"
  }
}

resource "aws_vpc_security_group_ingress_rule" "egress-vpc_default-sg_in1" {
  security_group_id            = aws_default_security_group.egress-vpc_default-sg.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_default_security_group.egress-vpc_default-sg.id
}

resource "aws_vpc_security_group_ingress_rule" "spoke-a-app-sg_in1" {
  security_group_id = aws_security_group.spoke-a-app-sg.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/8"
  description       = "HTTPS from the other spokes"
}

resource "aws_vpc_security_group_ingress_rule" "spoke-a-vpc_default-sg_in1" {
  security_group_id            = aws_default_security_group.spoke-a-vpc_default-sg.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_default_security_group.spoke-a-vpc_default-sg.id
}

resource "aws_vpc_security_group_ingress_rule" "spoke-b-app-sg_in1" {
  security_group_id = aws_security_group.spoke-b-app-sg.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/8"
  description       = "HTTPS from the other spokes"
}

resource "aws_vpc_security_group_ingress_rule" "spoke-b-vpc_default-sg_in1" {
  security_group_id            = aws_default_security_group.spoke-b-vpc_default-sg.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_default_security_group.spoke-b-vpc_default-sg.id
}

resource "aws_vpc_security_group_egress_rule" "egress-vpc_default-sg_out1" {
  security_group_id = aws_default_security_group.egress-vpc_default-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "spoke-a-app-sg_out1" {
  security_group_id = aws_security_group.spoke-a-app-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "spoke-a-vpc_default-sg_out1" {
  security_group_id = aws_default_security_group.spoke-a-vpc_default-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "spoke-b-app-sg_out1" {
  security_group_id = aws_security_group.spoke-b-app-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "spoke-b-vpc_default-sg_out1" {
  security_group_id = aws_default_security_group.spoke-b-vpc_default-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_security_group" "spoke-a-app-sg" {
  name        = "spoke-a-app-sg"
  description = "application servers"
  vpc_id      = aws_vpc.spoke-a-vpc.id
  tags = {
    Name = "spoke-a-app-sg"
  }
}

resource "aws_security_group" "spoke-b-app-sg" {
  name        = "spoke-b-app-sg"
  description = "application servers"
  vpc_id      = aws_vpc.spoke-b-vpc.id
  tags = {
    Name = "spoke-b-app-sg"
  }
}

resource "aws_internet_gateway" "egress-igw" {
  tags = {
    Name = "egress-igw"
  }
}

resource "aws_internet_gateway_attachment" "egress-igw" {
  internet_gateway_id = aws_internet_gateway.egress-igw.id
  vpc_id              = aws_vpc.egress-vpc.id
}

resource "aws_eip" "egress-nat-a-eip" {
  domain = "vpc"
  tags = {
    Name = "egress-nat-a-eip"
  }
  depends_on = [aws_internet_gateway_attachment.egress-igw]
}

resource "aws_eip" "egress-nat-b-eip" {
  domain = "vpc"
  tags = {
    Name = "egress-nat-b-eip"
  }
  depends_on = [aws_internet_gateway_attachment.egress-igw]
}

resource "aws_nat_gateway" "egress-nat-a" {
  subnet_id         = aws_subnet.egress-public-a.id
  connectivity_type = "public"
  allocation_id     = aws_eip.egress-nat-a-eip.allocation_id
  depends_on        = [aws_internet_gateway_attachment.egress-igw]
  tags = {
    Name = "egress-nat-a"
  }
}

resource "aws_nat_gateway" "egress-nat-b" {
  subnet_id         = aws_subnet.egress-public-b.id
  connectivity_type = "public"
  allocation_id     = aws_eip.egress-nat-b-eip.allocation_id
  depends_on        = [aws_internet_gateway_attachment.egress-igw]
  tags = {
    Name = "egress-nat-b"
  }
}

resource "aws_ec2_transit_gateway" "tgw" {
  amazon_side_asn                 = 64512
  default_route_table_association = "disable"
  default_route_table_propagation = "disable"
  tags = {
    Name = "tgw"
  }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "egress-att" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.egress-vpc.id
  subnet_ids                                      = [aws_subnet.egress-tgw-a.id, aws_subnet.egress-tgw-b.id]
  transit_gateway_default_route_table_association = false
  tags = {
    Name = "egress-att"
  }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "spoke-a-att" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.spoke-a-vpc.id
  subnet_ids                                      = [aws_subnet.spoke-a-tgw-a.id, aws_subnet.spoke-a-tgw-b.id]
  transit_gateway_default_route_table_association = false
  tags = {
    Name = "spoke-a-att"
  }
}

resource "aws_ec2_transit_gateway_vpc_attachment" "spoke-b-att" {
  transit_gateway_id                              = aws_ec2_transit_gateway.tgw.id
  vpc_id                                          = aws_vpc.spoke-b-vpc.id
  subnet_ids                                      = [aws_subnet.spoke-b-tgw-a.id, aws_subnet.spoke-b-tgw-b.id]
  transit_gateway_default_route_table_association = false
  tags = {
    Name = "spoke-b-att"
  }
}

resource "aws_ec2_transit_gateway_route_table" "tgw-egress-rt" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id
  tags = {
    Name = "tgw-egress-rt"
  }
}

resource "aws_ec2_transit_gateway_route_table" "tgw-spoke-rt" {
  transit_gateway_id = aws_ec2_transit_gateway.tgw.id
  tags = {
    Name = "tgw-spoke-rt"
  }
}

resource "aws_ec2_transit_gateway_route_table_association" "tgw-egress-rt_assoc_egress-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.egress-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-egress-rt.id
}

resource "aws_ec2_transit_gateway_route_table_association" "tgw-spoke-rt_assoc_spoke-a-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke-a-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-spoke-rt.id
}

resource "aws_ec2_transit_gateway_route_table_association" "tgw-spoke-rt_assoc_spoke-b-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke-b-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-spoke-rt.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "tgw-egress-rt_prop_spoke-a-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke-a-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-egress-rt.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "tgw-egress-rt_prop_spoke-b-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke-b-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-egress-rt.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "tgw-spoke-rt_prop_spoke-a-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke-a-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-spoke-rt.id
}

resource "aws_ec2_transit_gateway_route_table_propagation" "tgw-spoke-rt_prop_spoke-b-att" {
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.spoke-b-att.id
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-spoke-rt.id
}

resource "aws_ec2_transit_gateway_route" "tgw-spoke-rt_route1" {
  destination_cidr_block         = "0.0.0.0/0"
  transit_gateway_route_table_id = aws_ec2_transit_gateway_route_table.tgw-spoke-rt.id
  transit_gateway_attachment_id  = aws_ec2_transit_gateway_vpc_attachment.egress-att.id
}

resource "aws_instance" "spoke-a-app" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.spoke-a-app-a.id
  private_ip                  = "10.1.0.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.spoke-a-app-sg.id]
  tags = {
    Name = "spoke-a-app"
  }
}

resource "aws_instance" "spoke-b-app" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.spoke-b-app-a.id
  private_ip                  = "10.2.0.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.spoke-b-app-sg.id]
  tags = {
    Name = "spoke-b-app"
  }
}
