# vpcboard export of Three-tier web application in two AZs
# notes:
# workload db: a placeholder database (engine and class are variables, 20 GiB, the password managed in Secrets Manager)

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

resource "aws_vpc" "web-vpc" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags = {
    Name = "web-vpc"
  }
}

resource "aws_subnet" "app-a" {
  # tier: app
  vpc_id            = aws_vpc.web-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.0.10.0/24"
  tags = {
    Name = "app-a"
  }
}

resource "aws_subnet" "app-b" {
  # tier: app
  vpc_id            = aws_vpc.web-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.0.11.0/24"
  tags = {
    Name = "app-b"
  }
}

resource "aws_subnet" "data-a" {
  # tier: data
  vpc_id            = aws_vpc.web-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.0.20.0/24"
  tags = {
    Name = "data-a"
  }
}

resource "aws_subnet" "data-b" {
  # tier: data
  vpc_id            = aws_vpc.web-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.0.21.0/24"
  tags = {
    Name = "data-b"
  }
}

resource "aws_subnet" "public-a" {
  # tier: public
  vpc_id            = aws_vpc.web-vpc.id
  availability_zone = "us-east-1a"
  cidr_block        = "10.0.0.0/24"
  tags = {
    Name = "public-a"
  }
}

resource "aws_subnet" "public-b" {
  # tier: public
  vpc_id            = aws_vpc.web-vpc.id
  availability_zone = "us-east-1b"
  cidr_block        = "10.0.1.0/24"
  tags = {
    Name = "public-b"
  }
}

resource "aws_route_table" "app-rt-a" {
  vpc_id = aws_vpc.web-vpc.id
  tags = {
    Name = "app-rt-a"
  }
}

resource "aws_route_table" "app-rt-b" {
  vpc_id = aws_vpc.web-vpc.id
  tags = {
    Name = "app-rt-b"
  }
}

resource "aws_route_table" "data-rt" {
  vpc_id = aws_vpc.web-vpc.id
  tags = {
    Name = "data-rt"
  }
}

resource "aws_route_table" "public-rt" {
  vpc_id = aws_vpc.web-vpc.id
  tags = {
    Name = "public-rt"
  }
}

resource "aws_route" "app-rt-a_route1" {
  route_table_id         = aws_route_table.app-rt-a.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat-a.id
}

resource "aws_route" "app-rt-b_route1" {
  route_table_id         = aws_route_table.app-rt-b.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat-b.id
}

resource "aws_route" "public-rt_route1" {
  route_table_id         = aws_route_table.public-rt.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.igw.id
  depends_on             = [aws_internet_gateway_attachment.igw]
}

resource "aws_route_table_association" "app-a_route_table" {
  subnet_id      = aws_subnet.app-a.id
  route_table_id = aws_route_table.app-rt-a.id
}

resource "aws_route_table_association" "app-b_route_table" {
  subnet_id      = aws_subnet.app-b.id
  route_table_id = aws_route_table.app-rt-b.id
}

resource "aws_route_table_association" "data-a_route_table" {
  subnet_id      = aws_subnet.data-a.id
  route_table_id = aws_route_table.data-rt.id
}

resource "aws_route_table_association" "data-b_route_table" {
  subnet_id      = aws_subnet.data-b.id
  route_table_id = aws_route_table.data-rt.id
}

resource "aws_route_table_association" "public-a_route_table" {
  subnet_id      = aws_subnet.public-a.id
  route_table_id = aws_route_table.public-rt.id
}

resource "aws_route_table_association" "public-b_route_table" {
  subnet_id      = aws_subnet.public-b.id
  route_table_id = aws_route_table.public-rt.id
}

resource "aws_default_route_table" "web-vpc_main-rtb" {
  default_route_table_id = aws_vpc.web-vpc.default_route_table_id
  tags = {
    Name = "web-vpc.main-rtb"
  }
}

resource "aws_network_acl" "data-nacl" {
  vpc_id = aws_vpc.web-vpc.id
  tags = {
    Name = "data tier: PostgreSQL from the app tier only"
  }
}

resource "aws_network_acl_rule" "data-nacl_in100" {
  network_acl_id = aws_network_acl.data-nacl.id
  rule_number    = 100
  egress         = false
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.0.10.0/23"
  from_port      = 5432
  to_port        = 5432
}

resource "aws_network_acl_rule" "data-nacl_out100" {
  network_acl_id = aws_network_acl.data-nacl.id
  rule_number    = 100
  egress         = true
  protocol       = "6"
  rule_action    = "allow"
  cidr_block     = "10.0.10.0/23"
  from_port      = 1024
  to_port        = 65535
}

resource "aws_network_acl_association" "data-a_network_acl" {
  network_acl_id = aws_network_acl.data-nacl.id
  subnet_id      = aws_subnet.data-a.id
}

resource "aws_network_acl_association" "data-b_network_acl" {
  network_acl_id = aws_network_acl.data-nacl.id
  subnet_id      = aws_subnet.data-b.id
}

resource "aws_default_network_acl" "web-vpc_default-nacl" {
  default_network_acl_id = aws_vpc.web-vpc.default_network_acl_id
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
    Name = "web-vpc.default-nacl"
  }
}

resource "aws_security_group" "alb-sg" {
  name        = "alb-sg"
  description = "HTTPS from the internet"
  vpc_id      = aws_vpc.web-vpc.id
  tags = {
    Name = "alb-sg"
  }
}

resource "aws_security_group" "app-sg" {
  name        = "app-sg"
  description = "application servers"
  vpc_id      = aws_vpc.web-vpc.id
  tags = {
    Name = "app-sg"
  }
}

resource "aws_security_group" "db-sg" {
  name        = "db-sg"
  description = "PostgreSQL"
  vpc_id      = aws_vpc.web-vpc.id
  tags = {
    Name = "db-sg"
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb-sg_in1" {
  security_group_id = aws_security_group.alb-sg.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  description       = "HTTPS"
}

resource "aws_vpc_security_group_ingress_rule" "app-sg_in1" {
  security_group_id            = aws_security_group.app-sg.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.alb-sg.id
  description                  = "from the load balancer"
}

resource "aws_vpc_security_group_ingress_rule" "db-sg_in1" {
  security_group_id            = aws_security_group.db-sg.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.app-sg.id
  description                  = "from the app tier"
}

resource "aws_vpc_security_group_ingress_rule" "web-vpc_default-sg_in1" {
  security_group_id            = aws_default_security_group.web-vpc_default-sg.id
  ip_protocol                  = "-1"
  referenced_security_group_id = aws_default_security_group.web-vpc_default-sg.id
}

resource "aws_vpc_security_group_egress_rule" "alb-sg_out1" {
  security_group_id            = aws_security_group.alb-sg.id
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.app-sg.id
}

resource "aws_vpc_security_group_egress_rule" "app-sg_out1" {
  security_group_id = aws_security_group.app-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "web-vpc_default-sg_out1" {
  security_group_id = aws_default_security_group.web-vpc_default-sg.id
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_default_security_group" "web-vpc_default-sg" {
  vpc_id = aws_vpc.web-vpc.id
  tags = {
    Name = "web-vpc.default-sg"
  }
}

resource "aws_internet_gateway" "igw" {
  tags = {
    Name = "igw"
  }
}

resource "aws_internet_gateway_attachment" "igw" {
  internet_gateway_id = aws_internet_gateway.igw.id
  vpc_id              = aws_vpc.web-vpc.id
}

resource "aws_eip" "nat-a-eip" {
  domain = "vpc"
  tags = {
    Name = "nat-a-eip"
  }
  depends_on = [aws_internet_gateway_attachment.igw]
}

resource "aws_eip" "nat-b-eip" {
  domain = "vpc"
  tags = {
    Name = "nat-b-eip"
  }
  depends_on = [aws_internet_gateway_attachment.igw]
}

resource "aws_nat_gateway" "nat-a" {
  subnet_id         = aws_subnet.public-a.id
  connectivity_type = "public"
  allocation_id     = aws_eip.nat-a-eip.allocation_id
  depends_on        = [aws_internet_gateway_attachment.igw]
  tags = {
    Name = "nat-a"
  }
}

resource "aws_nat_gateway" "nat-b" {
  subnet_id         = aws_subnet.public-b.id
  connectivity_type = "public"
  allocation_id     = aws_eip.nat-b-eip.allocation_id
  depends_on        = [aws_internet_gateway_attachment.igw]
  tags = {
    Name = "nat-b"
  }
}

resource "aws_flow_log" "web-vpc-flow-log" {
  vpc_id               = aws_vpc.web-vpc.id
  traffic_type         = "ALL"
  log_destination_type = "cloud-watch-logs"
  log_destination      = var.web_vpc_flow_log_log_destination
  iam_role_arn         = var.flow_logs_role_arn
  tags = {
    Name = "web-vpc-flow-log"
  }
}

resource "aws_instance" "app-1" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.app-a.id
  private_ip                  = "10.0.10.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.app-sg.id]
  tags = {
    Name = "app-1"
  }
}

resource "aws_instance" "app-2" {
  ami                         = data.aws_ssm_parameter.ami.insecure_value
  instance_type               = var.instance_type
  subnet_id                   = aws_subnet.app-b.id
  private_ip                  = "10.0.11.10"
  associate_public_ip_address = false
  vpc_security_group_ids      = [aws_security_group.app-sg.id]
  tags = {
    Name = "app-2"
  }
}

resource "aws_db_subnet_group" "db_subnets" {
  name       = "db-sn-subnets"
  subnet_ids = [aws_subnet.data-a.id, aws_subnet.data-b.id]
}

resource "aws_db_instance" "db" {
  # placeholder database: engine and class are variables
  engine                      = var.db_engine
  instance_class              = var.db_instance_class
  allocated_storage           = 20
  username                    = "vpcboard"
  manage_master_user_password = true
  skip_final_snapshot         = true
  db_subnet_group_name        = aws_db_subnet_group.db_subnets.name
  vpc_security_group_ids      = [aws_security_group.db-sg.id]
  publicly_accessible         = false
  tags = {
    Name = "db"
  }
}

resource "aws_lb" "web-alb" {
  load_balancer_type = "application"
  internal           = false
  subnets            = [aws_subnet.public-a.id, aws_subnet.public-b.id]
  security_groups    = [aws_security_group.alb-sg.id]
  tags = {
    Name = "web-alb"
  }
  depends_on = [aws_internet_gateway_attachment.igw]
}
