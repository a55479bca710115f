# Hand-written fixture for TestCheckTerraformHCL (not generated).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project = "demo"
    }
  }
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
