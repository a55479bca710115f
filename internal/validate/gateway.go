package validate

func checkGateways(c *context) {}
