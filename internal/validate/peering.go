package validate

func checkPeering(c *context) {}
