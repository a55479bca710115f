package validate

func checkQuotas(c *context) {}
