package validate

func checkCIDRs(c *context) {}
