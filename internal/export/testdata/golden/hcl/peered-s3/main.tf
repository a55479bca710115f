# vpcboard export of Two peered VPCs, one reaching S3 through a gateway endpoint

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      ManagedBy = "vpcboard"
    }
  }
}

data "aws_region" "current" {
}

data "aws_ec2_managed_prefix_list" "s3" {
  name = "com.amazonaws.${data.aws_region.current.region}.s3"
}

data "aws_ssm_parameter" "ami" {
  name = var.ami_ssm_parameter
}

resource "aws_vpc" "app-vpc" {
  cidr_block           = "10.10.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "app-vpc"
  }
}

resource "aws_vpc" "shared-vpc" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "shared-vpc"
  }
}

resource "aws_subnet" "app-a" {
  # tier: app
  vpc_id            = aws_vpc.app-vpc.id
  availability_zone = "eu-west-1a"
  cidr_block        = "10.10.1.0/24"
  tags = {
    Name = "app-a"
  }
}

resource "aws_subnet" "app-b" {
  # tier: app
  vpc_id            = aws_vpc.app-vpc.id
  availability_zone = "eu-west-1b"
  cidr_block        = "10.10.2.0/24"
  tags = {
    Name = "app-b"
  }
}

resource "aws_subnet" "shared-a" {
  # tier: services
  vpc_id            = aws_vpc.shared-vpc.id
  availability_zone = "eu-west-1a"
  cidr_block        = "10.20.1.0/24"
  tags = {
    Name = "shared-a"
  }
}

resource "aws_subnet" "shared-b" {
  # tier: services
  vpc_id            = aws_vpc.shared-vpc.id
  availability_zone = "eu-west-1b"
  cidr_block        = "10.20.2.0/24"
  tags = {
    Name = "shared-b"
  }
}

resource "aws_route_table" "app-rt" {
  vpc_id = aws_vpc.app-vpc.id
  tags = {
    Name = "app-rt"
  }
}

resource "aws_route_table" "shared-rt" {
  vpc_id = aws_vpc.shared-vpc.id
  tags = {
    Name = "shared-rt"
  }
}

resource "aws_route" "app-rt_route1" {
  route_table_id            = aws_route_table.app-rt.id
  destination_cidr_block    = "10.20.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.app-shared-pcx.id
}

resource "aws_route" "shared-rt_route1" {
  route_table_id            = aws_route_table.shared-rt.id
  destination_cidr_block    = "10.10.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.app-shared-pcx.id
}

resource "aws_route_table_association" "app-a_route_table" {
  subnet_id      = aws_subnet.app-a.id
  route_table_id = aws_route_table.app-rt.id
}

resource "aws_route_table_association" "app-b_route_table" {
  subnet_id      = aws_subnet.app-b.id
  route_table_id = aws_route_table.app-rt.id
}

resource "aws_route_table_association" "shared-a_route_table" {
  subnet_id      = aws_subnet.shared-a.id
  route_table_id = aws_route_table.shared-rt.id
}

resource "aws_route_table_association" "shared-b_route_table" {
  subnet_id      = aws_subnet.shared-b.id
  route_table_id = aws_route_table.shared-rt.id
}

resource "aws_default_route_table" "app-vpc_main-rtb" {
  default_route_table_id = aws_vpc.app-vpc.default_route_table_id
  tags = {
    Name = "app-vpc.main-rtb"
  }
}

resource "aws_default_route_table" "shared-vpc_main-rtb" {
  default_route_table_id = aws_vpc.shared-vpc.default_route_table_id
  tags = {
    Name = "shared-vpc.main-rtb"
  }
}

resource "aws_default_network_acl" "app-vpc_default-nacl" {
  default_network_acl_id = aws_vpc.app-vpc.default_network_acl_id
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
    Name = "app-vpc.default-nacl"
  }
}

resource "aws_default_network_acl" "shared-vpc_default-nacl" {
  default_network_acl_id = aws_vpc.shared-vpc.default_network_acl_id
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
    Name = "shared-vpc.default-nacl"
  }
}

resource "aws_security_group" "app-sg" {
  name        = "app-sg"
  description = "application servers"
  vpc_id      = aws_vpc.app-vpc.id
  tags = {
    Name = "app-sg"
  }
}

resource "aws_security_group" "shared-sg" {
  name        = "shared-sg"
  description = "shared services"
  vpc_id      = aws_vpc.shared-vpc.id
  tags = {
    Name = "shared-sg"
  }
}

resource "aws_vpc_security_group_egress_rule" "app-sg_out1" {
  security_group_id = aws_security_group.app-sg.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.20.0.0/16"
  description       = "HTTPS to shared services"
}

resource "aws_vpc_security_group_egress_rule" "app-sg_out2" {
  security_group_id = aws_security_group.app-sg.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = data.aws_ec2_managed_prefix_list.s3.id
  description       = "HTTPS to S3"
}

resource "aws_vpc_security_group_egress_rule" "app-vpc_default-sg_out1" {
  security_group_id = aws_default_security_group.app-vpc_default-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "shared-sg_out1" {
  security_group_id = aws_security_group.shared-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "shared-vpc_default-sg_out1" {
  security_group_id = aws_default_security_group.shared-vpc_default-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_default_security_group" "app-vpc_default-sg" {
  vpc_id = aws_vpc.app-vpc.id
  tags = {
    Name = "app-vpc.default-sg"
  }
}

resource "aws_default_security_group" "shared-vpc_default-sg" {
  vpc_id = aws_vpc.shared-vpc.id
  tags = {
    Name = "shared-vpc.default-sg"
  }
}

resource "aws_vpc_security_group_ingress_rule" "app-vpc_default-sg_in1" {
  security_group_id            = aws_default_security_group.app-vpc_default-sg.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_default_security_group.app-vpc_default-sg.id
}

resource "aws_vpc_security_group_ingress_rule" "shared-sg_in1" {
  security_group_id            = aws_security_group.shared-sg.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.app-sg.id
  description                  = "HTTPS from the app VPC (peered, same region)"
}

resource "aws_vpc_security_group_ingress_rule" "shared-vpc_default-sg_in1" {
  security_group_id            = aws_default_security_group.shared-vpc_default-sg.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_default_security_group.shared-vpc_default-sg.id
}

resource "aws_vpc_endpoint" "app-s3" {
  vpc_id            = aws_vpc.app-vpc.id
  service_name      = "com.amazonaws.${data.aws_region.current.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.app-rt.id]
  tags = {
    Name = "app-s3"
  }
}

resource "aws_vpc_peering_connection" "app-shared-pcx" {
  vpc_id      = aws_vpc.app-vpc.id
  peer_vpc_id = aws_vpc.shared-vpc.id
  auto_accept = true
  tags = {
    Name = "app-shared-pcx"
  }
}

resource "aws_instance" "app-server" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.app-a.id
  private_ip                  = "10.10.1.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.app-sg.id]
  tags = {
    Name = "app-server"
  }
}

resource "aws_instance" "app-server-2" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.app-b.id
  private_ip                  = "10.10.2.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.app-sg.id]
  tags = {
    Name = "app-server-2"
  }
}

resource "aws_instance" "shared-api" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.shared-a.id
  private_ip                  = "10.20.1.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.shared-sg.id]
  tags = {
    Name = "shared-api"
  }
}

resource "aws_instance" "shared-api-2" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.shared-b.id
  private_ip                  = "10.20.2.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.shared-sg.id]
  tags = {
    Name = "shared-api-2"
  }
}
