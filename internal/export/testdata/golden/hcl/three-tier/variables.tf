variable "web_vpc_flow_log_log_destination" {
  type        = string
  description = "log_destination of web-vpc-flow-log: unknown in the design (destination of flow log web-vpc-flow-log)"
}

variable "flow_logs_role_arn" {
  type        = string
  description = "ARN of the IAM role that lets VPC Flow Logs publish to CloudWatch Logs"
}

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

variable "db_engine" {
  type        = string
  description = "engine of the databases (the design does not say)"
  default     = "postgres"
}

variable "db_instance_class" {
  type        = string
  description = "instance class of the databases (the design does not say)"
  default     = "db.t3.micro"
}
