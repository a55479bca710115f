variable "ami_ssm_parameter" {
  type        = string
  description = "SSM parameter that holds the AMI of the instances"
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}

variable "instance_type" {
  type        = string
  description = "instance type of the instances (the design does not say)"
  default     = "t3.micro"
}
