package design

// NamedPort is a well-known port and the service that listens on it.
type NamedPort struct {
	Port int
	Name string
}

// AdminPorts are the administration ports that should never be open to
// the whole internet (tcp; RDP udp too), and DatabasePorts the database
// ports (tcp). validate reports rules opening them to the world
// (sg.world-admin, sg.world-db) and reach says so of a fix that would.
var (
	AdminPorts    = []NamedPort{{22, "SSH"}, {3389, "RDP"}}
	DatabasePorts = []NamedPort{{3306, "MySQL"}, {5432, "PostgreSQL"}, {1433, "SQL Server"}, {1521, "Oracle"},
		{6379, "Redis"}, {27017, "MongoDB"}, {9200, "Elasticsearch"}}
)
