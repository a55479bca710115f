package validate

func checkTransit(c *context) {}
