package validate

func checkNACLs(c *context) {}
