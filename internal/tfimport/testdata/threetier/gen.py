#!/usr/bin/env python3
"""Writes terraform.tfstate, state.json and plan.json for main.tf.

There is no network here to download the aws provider, so terraform cannot
apply or plan main.tf. This script writes what it would: the attribute
names are those of the aws provider v5 schemas (the subset of attributes
that matter to the network; a real state has more, all ignored by vpcboard),
the IDs are made up in AWS's formats, and the document layouts follow
Terraform's state format version 4 and its JSON output format 1.2
(https://developer.hashicorp.com/terraform/internals/json-format).
"""
import json, copy

ACCOUNT = "123456789012"
AWS = 'provider["registry.terraform.io/hashicorp/aws"]'
EMPTY_TAGS = {}

def arn(kind, id_):
    return f"arn:aws:ec2:us-east-1:{ACCOUNT}:{kind}/{id_}"

R = []  # (module, type, name, index_key, attributes, dependencies)

def res(module, typ, name, key, attrs, deps=()):
    attrs.setdefault("tags", {})
    attrs["tags_all"] = dict(attrs["tags"])
    R.append((module, typ, name, key, attrs, list(deps)))

M = "module.vpc"
VPC = "vpc-0a1b2c3d4e5f60001"
res(M, "aws_vpc", "this", None, {
    "id": VPC, "arn": arn("vpc", VPC), "cidr_block": "10.0.0.0/16",
    "enable_dns_support": True, "enable_dns_hostnames": True,
    "assign_generated_ipv6_cidr_block": False, "ipv6_cidr_block": "",
    "instance_tenancy": "default", "owner_id": ACCOUNT,
    "main_route_table_id": "rtb-0main00000000001", "default_route_table_id": "rtb-0main00000000001",
    "default_network_acl_id": "acl-0default00000001", "default_security_group_id": "sg-0default000000001",
    "tags": {"Name": "three-tier"}})
IGW = "igw-0a1b2c3d4e5f60001"
res(M, "aws_internet_gateway", "this", None, {"id": IGW, "arn": arn("internet-gateway", IGW), "vpc_id": VPC, "owner_id": ACCOUNT}, [f"{M}.aws_vpc.this"])
AZ = ["us-east-1a", "us-east-1b"]
def subnet(name, key, i, cidr, public, tagname):
    sid = f"subnet-0{name[:3]:0<6}{i:010d}"
    res(M, "aws_subnet", name, key, {
        "id": sid, "arn": arn("subnet", sid), "vpc_id": VPC, "availability_zone": AZ[i],
        "availability_zone_id": f"use1-az{i+1}", "cidr_block": cidr, "ipv6_cidr_block": "",
        "map_public_ip_on_launch": public, "assign_ipv6_address_on_creation": False,
        "owner_id": ACCOUNT, "tags": {"Name": tagname}}, [f"{M}.aws_vpc.this"])
    return sid
PUB = [subnet("public", i, i, f"10.0.{i}.0/24", True, f"public-{i}") for i in range(2)]
APP = [subnet("app", i, i, f"10.0.{10+i}.0/24", False, f"app-{i}") for i in range(2)]
DB = [subnet("db", k, i, f"10.0.{20+i}.0/24", False, f"db-{k}") for i, k in enumerate("ab")]
EIP = "eipalloc-0a1b2c3d4e5f60001"
res(M, "aws_eip", "nat", None, {"id": EIP, "allocation_id": EIP, "domain": "vpc", "public_ip": "203.0.113.10",
    "private_ip": "10.0.0.10", "instance": "", "network_interface": "eni-0nat000000000001", "association_id": "eipassoc-0a1b2c3d4e5f60001"})
NAT = "nat-0a1b2c3d4e5f60001"
res(M, "aws_nat_gateway", "this", None, {"id": NAT, "allocation_id": EIP, "subnet_id": PUB[0], "connectivity_type": "public",
    "private_ip": "10.0.0.10", "public_ip": "203.0.113.10", "network_interface_id": "eni-0nat000000000001"},
    [f"{M}.aws_eip.nat", f"{M}.aws_subnet.public", f"{M}.aws_vpc.this"])
def route(**kw):
    r = {k: "" for k in ["cidr_block", "ipv6_cidr_block", "destination_prefix_list_id", "gateway_id", "nat_gateway_id",
         "transit_gateway_id", "vpc_peering_connection_id", "vpc_endpoint_id", "network_interface_id",
         "egress_only_gateway_id", "carrier_gateway_id", "local_gateway_id", "core_network_arn"]}
    r.update(kw)
    return r
RT_PUB, RT_APP = "rtb-0public000000001", "rtb-0app0000000000001"
res(M, "aws_route_table", "public", None, {"id": RT_PUB, "arn": arn("route-table", RT_PUB), "vpc_id": VPC, "owner_id": ACCOUNT,
    "propagating_vgws": [], "route": [route(cidr_block="0.0.0.0/0", gateway_id=IGW)]}, [f"{M}.aws_internet_gateway.this", f"{M}.aws_vpc.this"])
# A refreshed state lists the aws_route's route inline too; vpcboard
# counts it once.
res(M, "aws_route_table", "app", None, {"id": RT_APP, "arn": arn("route-table", RT_APP), "vpc_id": VPC, "owner_id": ACCOUNT,
    "propagating_vgws": [], "route": [route(cidr_block="0.0.0.0/0", nat_gateway_id=NAT)]}, [f"{M}.aws_vpc.this"])
res(M, "aws_route", "app_nat", None, {"id": "r-" + RT_APP + "1080289494", "route_table_id": RT_APP,
    "destination_cidr_block": "0.0.0.0/0", "destination_ipv6_cidr_block": "", "destination_prefix_list_id": "",
    "nat_gateway_id": NAT, "gateway_id": "", "transit_gateway_id": "", "vpc_peering_connection_id": "", "vpc_endpoint_id": "",
    "network_interface_id": "", "egress_only_gateway_id": "", "carrier_gateway_id": "", "local_gateway_id": "", "core_network_arn": "",
    "instance_id": "", "origin": "CreateRoute", "state": "active"}, [f"{M}.aws_nat_gateway.this", f"{M}.aws_route_table.app"])
for tier, rt, subs in [("public", RT_PUB, PUB), ("app", RT_APP, APP)]:
    for i, s in enumerate(subs):
        res(M, "aws_route_table_association", tier, i, {"id": f"rtbassoc-0{tier:0<6}{i:010d}", "subnet_id": s, "gateway_id": "", "route_table_id": rt},
            [f"{M}.aws_route_table.{tier}", f"{M}.aws_subnet.{tier}"])
def acl_rule(no, action, proto, cidr, lo, hi):
    return {"rule_no": no, "action": action, "protocol": proto, "cidr_block": cidr, "ipv6_cidr_block": "",
            "from_port": lo, "to_port": hi, "icmp_type": 0, "icmp_code": 0}
res(M, "aws_network_acl", "db", None, {"id": "acl-0db0000000000001", "arn": arn("network-acl", "acl-0db0000000000001"), "vpc_id": VPC,
    "owner_id": ACCOUNT, "subnet_ids": sorted(DB),
    "ingress": [acl_rule(100, "allow", "6", "10.0.0.0/16", 5432, 5432)],
    "egress": [acl_rule(100, "allow", "6", "10.0.0.0/16", 1024, 65535)]}, [f"{M}.aws_subnet.db", f"{M}.aws_vpc.this"])

def sg_rule(proto, lo, hi, cidrs=(), groups=(), self_=False, desc=""):
    return {"from_port": lo, "to_port": hi, "protocol": proto, "cidr_blocks": list(cidrs), "ipv6_cidr_blocks": [],
            "prefix_list_ids": [], "security_groups": list(groups), "self": self_, "description": desc}
SG_ALB, SG_APP, SG_DB = "sg-0alb000000000001", "sg-0app000000000001", "sg-0db0000000000001"
ALL_OUT = [sg_rule("-1", 0, 0, ["0.0.0.0/0"])]
def sg(name, sid, desc, ingress, egress):
    res("", "aws_security_group", name, None, {"id": sid, "arn": arn("security-group", sid), "name": name, "description": desc,
        "vpc_id": VPC, "owner_id": ACCOUNT, "revoke_rules_on_delete": False, "ingress": ingress, "egress": egress},
        [f"{M}.aws_vpc.this"])
sg("alb", SG_ALB, "load balancer", [sg_rule("tcp", 443, 443, ["0.0.0.0/0"])], ALL_OUT)
# Refreshed: the rules of the separate rule resources show inline too.
sg("app", SG_APP, "application servers", [sg_rule("tcp", 8080, 8080, groups=[SG_ALB])], ALL_OUT)
sg("db", SG_DB, "database", [sg_rule("tcp", 5432, 5432, groups=[SG_APP])], [])
res("", "aws_vpc_security_group_ingress_rule", "app_from_alb", None, {"id": "sgr-0appfromalb00001", "arn": arn("security-group-rule", "sgr-0appfromalb00001"),
    "security_group_id": SG_APP, "security_group_rule_id": "sgr-0appfromalb00001", "referenced_security_group_id": SG_ALB,
    "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080, "cidr_ipv4": None, "cidr_ipv6": None, "prefix_list_id": None, "description": None},
    ["aws_security_group.alb", "aws_security_group.app"])
res("", "aws_security_group_rule", "db_from_app", None, {"id": "sgrule-1234567890", "type": "ingress", "security_group_id": SG_DB,
    "source_security_group_id": SG_APP, "protocol": "tcp", "from_port": 5432, "to_port": 5432, "cidr_blocks": None,
    "ipv6_cidr_blocks": None, "prefix_list_ids": [], "self": False, "description": None, "security_group_rule_id": "sgr-0dbfromapp000001"},
    ["aws_security_group.app", "aws_security_group.db"])
LB = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188"
res("", "aws_lb", "web", None, {"id": LB, "arn": LB, "name": "web", "load_balancer_type": "application", "internal": False,
    "subnets": sorted(PUB), "security_groups": [SG_ALB], "vpc_id": VPC, "dns_name": "web-1234567890.us-east-1.elb.amazonaws.com",
    "subnet_mapping": [{"subnet_id": s, "allocation_id": "", "ipv6_address": "", "outpost_id": "", "private_ipv4_address": ""} for s in sorted(PUB)]},
    ["aws_security_group.alb", f"{M}.aws_subnet.public"])
for i in range(2):
    iid = f"i-0app{i:013d}"
    res("", "aws_instance", "app", i, {"id": iid, "arn": arn("instance", iid), "ami": "ami-0c55b159cbfafe1f0", "instance_type": "t3.micro",
        "subnet_id": APP[i], "vpc_security_group_ids": [SG_APP], "security_groups": [], "private_ip": f"10.0.{10+i}.25",
        "public_ip": "", "associate_public_ip_address": False, "source_dest_check": True, "ipv6_addresses": [],
        "secondary_private_ips": [], "primary_network_interface_id": f"eni-0app{i:013d}", "network_interface": [],
        "availability_zone": AZ[i]}, ["aws_security_group.app", f"{M}.aws_subnet.app"])
res("", "aws_db_subnet_group", "db", None, {"id": "db", "name": "db", "arn": f"arn:aws:rds:us-east-1:{ACCOUNT}:subgrp:db",
    "subnet_ids": sorted(DB), "vpc_id": VPC, "description": "Managed by Terraform"}, [f"{M}.aws_subnet.db"])
res("", "aws_db_instance", "db", None, {"id": "db-ABCDEFGHIJKLMNOPQRSTUVWXY1", "identifier": "db", "arn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db:db",
    "engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20, "db_subnet_group_name": "db",
    "vpc_security_group_ids": [SG_DB], "publicly_accessible": False, "port": 5432, "address": "db.abcdefghijkl.us-east-1.rds.amazonaws.com"},
    ["aws_db_subnet_group.db", "aws_security_group.db"])

def address(module, typ, name, key):
    a = f"{typ}.{name}"
    if key is not None:
        a += f'[{json.dumps(key)}]' if isinstance(key, str) else f"[{key}]"
    return f"{module}.{a}" if module else a

# terraform.tfstate, format version 4.
groups = {}
for module, typ, name, key, attrs, deps in R:
    groups.setdefault((module, typ, name), []).append((key, attrs, deps))
state_resources = []
for (module, typ, name), insts in groups.items():
    r = {"mode": "managed", "type": typ, "name": name, "provider": AWS, "instances": []}
    if module:
        r = {"module": module, **r}
    if insts[0][0] is not None:
        r["each"] = "map" if isinstance(insts[0][0], str) else "list"
    for key, attrs, deps in insts:
        inst = {"schema_version": 1 if typ in ("aws_vpc", "aws_instance") else 0}
        if key is not None:
            inst["index_key"] = key
        inst.update({"attributes": attrs, "sensitive_attributes": [], "private": "bnVsbA==", "dependencies": sorted(deps)})
        r["instances"].append(inst)
    state_resources.append(r)
tfstate = {"version": 4, "terraform_version": "1.9.8", "serial": 42, "lineage": "3f7c0e4a-0c1e-4d5b-9a43-1c2f3e4d5a6b",
           "outputs": {}, "resources": state_resources, "check_results": None}

def module_values(rs):
    root, children = [], {}
    for module, typ, name, key, attrs, deps in rs:
        v = {"address": address(module, typ, name, key), "mode": "managed", "type": typ, "name": name}
        if key is not None:
            v["index"] = key
        v.update({"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1 if typ in ("aws_vpc", "aws_instance") else 0,
                  "values": attrs, "sensitive_values": {}})
        if deps:
            v["depends_on"] = sorted(deps)
        (children.setdefault(module, []) if module else root).append(v)
    out = {"resources": root}
    if children:
        out["child_modules"] = [{"resources": rs_, "address": m} for m, rs_ in children.items()]
    return out
show_state = {"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": module_values(R)}}

# plan.json: the pull request adds bastion.tf.plan-only.
planned = copy.deepcopy(R)
new_sg = {"name": "bastion", "description": "bastion", "vpc_id": VPC, "revoke_rules_on_delete": False, "timeouts": None, "tags": None,
          "ingress": [sg_rule("tcp", 22, 22, ["0.0.0.0/0"])], "egress": ALL_OUT}
new_inst = {"ami": "ami-0c55b159cbfafe1f0", "instance_type": "t3.micro", "subnet_id": PUB[0], "tags": None, "timeouts": None,
            "source_dest_check": True, "user_data_replace_on_change": False, "volume_tags": None}
planned_values = module_values(R)
planned_values["resources"] += [
    {"address": "aws_security_group.bastion", "mode": "managed", "type": "aws_security_group", "name": "bastion",
     "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1, "values": new_sg, "sensitive_values": {"ingress": [{"cidr_blocks": [False], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}], "egress": [{"cidr_blocks": [False], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}], "tags_all": {}}},
    {"address": "aws_instance.bastion", "mode": "managed", "type": "aws_instance", "name": "bastion",
     "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1, "values": new_inst, "sensitive_values": {}},
]
def change(addr, typ, name, before, after, after_unknown, actions):
    return {"address": addr, "mode": "managed", "type": typ, "name": name, "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": actions, "before": before, "after": after, "after_unknown": after_unknown,
                       "before_sensitive": False if before is None else {}, "after_sensitive": {}}}
changes = [change(address(m, t, n, k), t, n, a, a, {}, ["no-op"]) for m, t, n, k, a, d in R]
changes += [
    change("aws_security_group.bastion", "aws_security_group", "bastion", None, new_sg,
           {"arn": True, "id": True, "owner_id": True, "tags_all": True, "name_prefix": True,
            "ingress": [{"cidr_blocks": [False], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}],
            "egress": [{"cidr_blocks": [False], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}]}, ["create"]),
    change("aws_instance.bastion", "aws_instance", "bastion", None, new_inst,
           {"arn": True, "id": True, "private_ip": True, "public_ip": True, "associate_public_ip_address": True,
            "vpc_security_group_ids": True, "primary_network_interface_id": True, "security_groups": True,
            "ipv6_addresses": True, "network_interface": True, "secondary_private_ips": True, "tags_all": True}, ["create"]),
]
config = {"provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                                      "expressions": {"region": {"constant_value": "us-east-1"}}}},
          "root_module": {"resources": [
              {"address": "aws_security_group.bastion", "mode": "managed", "type": "aws_security_group", "name": "bastion",
               "provider_config_key": "aws", "schema_version": 1,
               "expressions": {"name": {"constant_value": "bastion"}, "description": {"constant_value": "bastion"},
                               "vpc_id": {"references": ["module.vpc.vpc_id", "module.vpc"]},
                               "ingress": [{"from_port": {"constant_value": 22}, "to_port": {"constant_value": 22},
                                            "protocol": {"constant_value": "tcp"}, "cidr_blocks": {"constant_value": ["0.0.0.0/0"]}}]}},
              {"address": "aws_instance.bastion", "mode": "managed", "type": "aws_instance", "name": "bastion",
               "provider_config_key": "aws", "schema_version": 1,
               "expressions": {"ami": {"constant_value": "ami-0c55b159cbfafe1f0"}, "instance_type": {"constant_value": "t3.micro"},
                               "subnet_id": {"references": ["module.vpc.public_subnet_ids[0]", "module.vpc.public_subnet_ids", "module.vpc"]},
                               "vpc_security_group_ids": {"references": ["aws_security_group.bastion.id", "aws_security_group.bastion"]}}}],
              "module_calls": {"vpc": {"source": "./modules/vpc", "expressions": {"cidr": {"constant_value": "10.0.0.0/16"}},
                                       "module": {"resources": []}}}}}
plan = {"format_version": "1.2", "terraform_version": "1.9.8",
        "planned_values": {"root_module": planned_values},
        "resource_changes": changes,
        "prior_state": {"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": module_values(R)}},
        "configuration": config, "timestamp": "2026-12-07T05:00:00Z", "applyable": True, "complete": True, "errored": False}

for name, doc in [("terraform.tfstate", tfstate), ("state.json", show_state), ("plan.json", plan)]:
    with open(name, "w") as f:
        json.dump(doc, f, indent=2, sort_keys=False)
        f.write("\n")

# plan-create.json: the plan of the first apply, from an empty state. The
# IDs are not known before apply: every computed attribute, and every
# attribute that holds another new resource's ID, is left out of
# planned_values and marked in after_unknown; the configuration's
# expressions say what those attributes refer to, as Terraform writes
# them for main.tf (references relative to their module; count.index and
# module outputs as Terraform lists them).
def refs(*addrs):
    out = []
    for a in addrs:
        out += [a + ".id", a] if not a.endswith("]") and "." in a and not a.startswith("module.") else [a]
    return {"references": out}
def r(a):  # a resource reference: "x.y.id", "x.y"
    return {"references": [a + ".id", a]}
VPC_R = r("aws_vpc.this")
MOD_VPC = {"references": ["module.vpc.vpc_id", "module.vpc"]}
EXPR = {
    "module.vpc.aws_internet_gateway.this": {"vpc_id": VPC_R},
    "module.vpc.aws_subnet.public": {"vpc_id": VPC_R},
    "module.vpc.aws_subnet.app": {"vpc_id": VPC_R},
    "module.vpc.aws_subnet.db": {"vpc_id": VPC_R},
    "module.vpc.aws_nat_gateway.this": {"allocation_id": r("aws_eip.nat"), "subnet_id": {"references": ["aws_subnet.public[0].id", "aws_subnet.public[0]", "aws_subnet.public"]}},
    "module.vpc.aws_route_table.public": {"vpc_id": VPC_R, "route": [{"cidr_block": {"constant_value": "0.0.0.0/0"}, "gateway_id": r("aws_internet_gateway.this")}]},
    "module.vpc.aws_route_table.app": {"vpc_id": VPC_R},
    "module.vpc.aws_route.app_nat": {"route_table_id": r("aws_route_table.app"), "nat_gateway_id": r("aws_nat_gateway.this"), "destination_cidr_block": {"constant_value": "0.0.0.0/0"}},
    "module.vpc.aws_route_table_association.public": {"subnet_id": {"references": ["aws_subnet.public", "count.index"]}, "route_table_id": r("aws_route_table.public")},
    "module.vpc.aws_route_table_association.app": {"subnet_id": {"references": ["aws_subnet.app", "count.index"]}, "route_table_id": r("aws_route_table.app")},
    "module.vpc.aws_network_acl.db": {"vpc_id": VPC_R, "subnet_ids": {"references": ["aws_subnet.db"]}},
    "aws_security_group.alb": {"vpc_id": MOD_VPC},
    "aws_security_group.app": {"vpc_id": MOD_VPC},
    "aws_security_group.db": {"vpc_id": MOD_VPC},
    "aws_vpc_security_group_ingress_rule.app_from_alb": {"security_group_id": r("aws_security_group.app"), "referenced_security_group_id": r("aws_security_group.alb")},
    "aws_security_group_rule.db_from_app": {"security_group_id": r("aws_security_group.db"), "source_security_group_id": r("aws_security_group.app")},
    "aws_lb.web": {"subnets": {"references": ["module.vpc.public_subnet_ids", "module.vpc"]}, "security_groups": r("aws_security_group.alb")},
    "aws_instance.app": {"subnet_id": {"references": ["module.vpc.app_subnet_ids", "module.vpc", "count.index"]}, "vpc_security_group_ids": r("aws_security_group.app")},
    "aws_db_subnet_group.db": {"subnet_ids": {"references": ["module.vpc.db_subnet_ids", "module.vpc"]}},
    "aws_db_instance.db": {"db_subnet_group_name": {"references": ["aws_db_subnet_group.db.name", "aws_db_subnet_group.db"]}, "vpc_security_group_ids": r("aws_security_group.db")},
}
OUTPUTS = {"vpc_id": VPC_R, "public_subnet_ids": {"references": ["aws_subnet.public"]},
           "app_subnet_ids": {"references": ["aws_subnet.app"]}, "db_subnet_ids": {"references": ["aws_subnet.db"]}}
COMPUTED = {"id", "arn", "owner_id", "main_route_table_id", "default_route_table_id", "default_network_acl_id",
            "default_security_group_id", "tags_all", "public_ip", "private_ip", "dns_name", "address",
            "association_id", "network_interface", "network_interface_id", "primary_network_interface_id",
            "security_group_rule_id", "allocation_id", "availability_zone_id"}
INLINE_RULES = {"alb": {"ingress", "egress"}, "app": {"egress"}, "db": set()}  # the blocks main.tf writes
NEW_IDS = {a["id"] for *_, a, _ in R if a["id"] != "db"} | {a["arn"] for *_, a, _ in R if "arn" in a}

def unknowns(attrs, computed):
    """Splits attrs into planned values and after_unknown."""
    vals, unk = {}, {}
    for k, v in attrs.items():
        if k in computed or (isinstance(v, str) and v in NEW_IDS) or (isinstance(v, list) and any(x in NEW_IDS for x in v if isinstance(x, str))):
            unk[k] = True
            continue
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            vals[k], unk[k] = [], []
            for x in v:
                xv, xu = unknowns(x, ())
                vals[k].append(xv)
                unk[k].append(xu)
            continue
        vals[k] = v
    return vals, unk

create_planned, create_changes = {"resources": []}, []
children = {}
for module, typ, name, key, attrs, deps in R:
    addr = address(module, typ, name, key)
    computed = COMPUTED
    if typ == "aws_route_table" and name == "app":
        computed = COMPUTED | {"route"}  # no route blocks: Terraform leaves the routes to the aws_route
    if typ == "aws_lb":
        computed = COMPUTED | {"subnet_mapping"}  # computed from subnets
    if typ == "aws_security_group":
        # ingress and egress are optional and computed: a group without
        # such blocks in main.tf (its rules are rule resources) has them
        # unknown in the plan, as the app table's routes.
        computed = COMPUTED | {k for k in ("ingress", "egress") if k not in INLINE_RULES[name]}
    vals, unk = unknowns(attrs, computed)
    if typ == "aws_db_instance":
        vals["db_subnet_group_name"] = "db"
        unk.pop("db_subnet_group_name", None)
    v = {"address": addr, "mode": "managed", "type": typ, "name": name}
    if key is not None:
        v["index"] = key
    v.update({"provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": vals, "sensitive_values": {}})
    (children.setdefault(module, []) if module else create_planned["resources"]).append(v)
    create_changes.append(change(addr, typ, name, None, vals, unk, ["create"]))
create_planned["child_modules"] = [{"resources": rs_, "address": m} for m, rs_ in children.items()]

def config_resources(module):
    out = []
    for (m, typ, name), insts in groups.items():
        if m != module:
            continue
        full = f"{m}.{typ}.{name}" if m else f"{typ}.{name}"
        rc = {"address": f"{typ}.{name}", "mode": "managed", "type": typ, "name": name,
              "provider_config_key": "aws", "schema_version": 0, "expressions": EXPR.get(full, {})}
        if insts[0][0] is not None:
            rc["count_expression" if isinstance(insts[0][0], int) else "for_each_expression"] = {"constant_value": 2}
        out.append(rc)
    return out

create_config = {"provider_config": config["provider_config"],
                 "root_module": {"resources": config_resources(""),
                                 "module_calls": {"vpc": {"source": "./modules/vpc",
                                                          "expressions": {"cidr": {"constant_value": "10.0.0.0/16"}},
                                                          "module": {"outputs": {k: {"expression": e} for k, e in OUTPUTS.items()},
                                                                     "resources": config_resources(M)}}}}}
plan_create = {"format_version": "1.2", "terraform_version": "1.9.8",
               "planned_values": {"root_module": create_planned},
               "resource_changes": create_changes,
               "prior_state": {"format_version": "1.0", "terraform_version": "1.9.8", "values": {"root_module": {}}},
               "configuration": create_config, "timestamp": "2026-12-07T05:00:00Z", "applyable": True, "complete": True, "errored": False}
with open("plan-create.json", "w") as f:
    json.dump(plan_create, f, indent=2)
    f.write("\n")
