package validate

func checkRoutes(c *context) {}
