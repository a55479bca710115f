# A web application on the terraform-aws-vpc module, written for the tests
# of package tfconfig: web servers in the public subnets behind a security
# group open to the internet on 80 and 443 (a dynamic block), application
# servers in the private subnets (for_each over the zones) reachable from
# the web tier on 8080, and SSH from an office range given as a variable.

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "office_cidrs" {
  type    = list(string)
  default = []
}

variable "web_ports" {
  type    = map(number)
  default = { http = 80, https = 443 }
}

locals {
  cidr = "10.20.0.0/16"
  name = "webapp"
}

module "vpc" {
  source = "../terraform-aws-vpc"

  name            = local.name
  cidr            = local.cidr
  azs             = var.azs
  public_subnets  = [for i, z in var.azs : cidrsubnet(local.cidr, 8, i)]
  private_subnets = [for i, z in var.azs : cidrsubnet(local.cidr, 8, i + 10)]

  enable_nat_gateway = true
  single_nat_gateway = true
}

data "aws_ami" "linux" {
  most_recent = true
  owners      = ["amazon"]
}

resource "aws_security_group" "web" {
  name   = "${local.name}-web"
  vpc_id = module.vpc.vpc_id

  dynamic "ingress" {
    for_each = var.web_ports
    content {
      description = ingress.key
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  dynamic "ingress" {
    for_each = length(var.office_cidrs) > 0 ? [22] : []
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = var.office_cidrs
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "app" {
  name   = "${local.name}-app"
  vpc_id = module.vpc.vpc_id

  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web" {
  count = length(var.azs)

  ami                         = data.aws_ami.linux.id
  instance_type               = "t3.micro"
  subnet_id                   = module.vpc.public_subnets[count.index]
  vpc_security_group_ids      = [aws_security_group.web.id]
  associate_public_ip_address = true

  tags = { Name = format("web-%d", count.index) }
}

resource "aws_instance" "app" {
  for_each = toset(var.azs)

  ami                    = data.aws_ami.linux.id
  instance_type          = "t3.small"
  subnet_id              = element(module.vpc.private_subnets, index(var.azs, each.key))
  vpc_security_group_ids = [aws_security_group.app.id]

  tags = { Name = "app-${each.key}" }
}
