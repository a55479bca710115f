variable "region" {
  type        = string
  default     = "eu-west-1"
  description = "AWS region"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "rules" {
  type = list(object({
    port = number
    cidr = optional(string, "0.0.0.0/0")
  }))
  default = [{ port = 443 }]
}
