package validate

func checkSubnets(c *context) {}
