package validate

func checkEndpoints(c *context) {}
