package validate

func checkSecurityGroups(c *context) {}
