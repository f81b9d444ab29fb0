#!/usr/bin/env python3
# Writes the first draft of schemas/lava-job.schema.json from the LAVA installed on this machine
# (lava_common/schemas, voluptuous), issue 23. Run once against LAVA 2023.01:
#   python3 tools/lava-job-schema.py > schemas/lava-job.schema.json && npx prettier --write schemas/
# The schema file is the source of truth afterwards (descriptions and fixes are edited there by hand);
# re-running it against a later LAVA gives a draft to compare with, not a file to overwrite blindly.
#
# Strict mode (LAVA's `validate(data, strict=True)`): every mapping closes its keys, as voluptuous
# does for nested dicts of a strict schema. Custom validator functions become `{}` (anything).
import importlib
import json
import os
import pkgutil
import re
import sys

import voluptuous as v

import lava_common.schemas as S

sys.path.insert(0, os.path.dirname(__file__))
from lava_job_schema_words import KEY_WORDS, VALUE_WORDS, DOC  # noqa: E402

DOCS = "https://docs.lavasoftware.org/lava/"


def literal(x):
    return isinstance(x, (str, bool, int, float)) or x is None


def convert(s, extra=False, where=""):
    if isinstance(s, v.Schema):
        out = convert(s.schema, s.extra == v.ALLOW_EXTRA, where)
        if s.extra == v.PREVENT_EXTRA and isinstance(s.schema, dict):
            # closed even when LAVA validates with strict=False (the job's `context`)
            out["x-lava-closed"] = True
        return out
    if isinstance(s, v.Msg):
        return convert(s._schema, extra, where)
    if isinstance(s, dict):
        return convert_dict(s, extra, where)
    if isinstance(s, list):
        if not s:
            return {"type": "array"}
        items = [convert(x, extra, where) for x in s]
        return {"type": "array", "items": items[0] if len(items) == 1 else any_of(items)}
    if isinstance(s, v.Any):
        vals = s.validators
        if all(literal(x) for x in vals):
            return enum(list(vals), where)
        return any_of([convert(x, extra, where) for x in vals])
    if isinstance(s, v.All):
        out = {}
        rest = []
        for x in s.validators:
            if callable(x) and not isinstance(x, (type, v.Schema)) and x.__class__.__module__ != "voluptuous.validators":
                continue  # extra_checks: cross-field rules (see src/core/jobSchema/checkDefinition.ts)
            c = convert(x, extra, where)
            if any(k in out for k in c):
                rest.append(c)
            else:
                out.update(c)
        if rest:
            out = {"allOf": [out] + rest}
        return out
    if isinstance(s, v.Range):
        out = {"type": "number"}
        if s.min is not None:
            out["minimum" if s.min_included else "exclusiveMinimum"] = s.min
        if s.max is not None:
            out["maximum" if s.max_included else "exclusiveMaximum"] = s.max
        return out
    if isinstance(s, v.Length):
        out = {}
        if s.min is not None:
            out["minLength"] = s.min
            out["minItems"] = s.min
            out["minProperties"] = s.min
        if s.max is not None:
            out["maxLength"] = s.max
            out["maxItems"] = s.max
            out["maxProperties"] = s.max
        return out
    if isinstance(s, v.Match):
        p = s.pattern.pattern
        return {"type": "string", "pattern": p if p.startswith("^") else "^(?:" + p + ")"}
    if isinstance(s, v.NotIn):
        return {"not": {"enum": list(s.container)}}
    if isinstance(s, v.In):
        return enum(list(s.container), where)
    if s is str:
        return {"type": "string"}
    if s is bool:
        return {"type": "boolean"}
    if s is int:
        # Python's bool is an int: voluptuous takes `true` where it asks for an int.
        return {"type": ["integer", "boolean"]}
    if s is float:
        return {"type": "number"}
    if s is dict:
        return {"type": "object"}
    if s is list:
        return {"type": "array"}
    if s is object:
        return {}
    if s is None:
        return {"type": "null"}
    if literal(s):
        return enum([s], where)
    if callable(s):
        return {}
    raise SystemExit("unknown construct %r at %s" % (s, where))


def enum(vals, where):
    types = sorted({json_type(x) for x in vals})
    out = {"enum": vals}
    words = [VALUE_WORDS.get((where, x)) or VALUE_WORDS.get(("*", x)) for x in vals]
    if any(words):
        out["enumDescriptions"] = [w[0] if w else "" for w in words]
        docs = [w[1] if w and len(w) > 1 else "" for w in words]
        if any(docs):
            out["x-lava-enum-docs"] = [DOCS + d if d else "" for d in docs]
    if len(types) == 1:
        out = {"type": types[0], **out}
    return out


def json_type(x):
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "boolean"
    if isinstance(x, int):
        return "integer"
    if isinstance(x, float):
        return "number"
    return "string"


def any_of(items):
    return {"anyOf": items}


def key_of(k):
    if isinstance(k, v.Marker):
        return k.schema, isinstance(k, v.Required), getattr(k, "group_of_exclusion", None)
    return k, False, None


def convert_dict(d, extra, where):
    props = {}
    required = []
    groups = {}
    out = {"type": "object"}
    additional = None
    pats = {}
    for k, val in d.items():
        name, req, group = key_of(k)
        if isinstance(name, str):
            sub = where + "." + name
            props[name] = describe(convert(val, extra, sub), name, where)
            if req:
                required.append(name)
            if group:
                groups.setdefault(group, []).append(name)
        elif name is str:
            additional = convert(val, extra, where + ".*")
            if req:
                out["minProperties"] = 1
        elif isinstance(name, (v.In, v.Any)):
            names = list(name.container) if isinstance(name, v.In) else list(name.validators)
            for n in names:
                if n is str:
                    additional = convert(val, extra, where + ".*")
                else:
                    props[n] = describe(convert(val, extra, where + "." + n), n, where)
            if isinstance(name, v.Any) and str not in names:
                out["minProperties"] = 1
        elif isinstance(name, v.Match):
            p = name.pattern.pattern
            pats[p if p.startswith("^") else "^(?:" + p + ")"] = convert(val, extra, where + ".*")
        else:
            raise SystemExit("unknown key %r at %s" % (k, where))
    if props:
        out["properties"] = props
    if required:
        out["required"] = required
    if pats:
        out["patternProperties"] = pats
    if additional is not None:
        out["additionalProperties"] = additional
    elif not extra:
        out["additionalProperties"] = False
    for names in groups.values():
        if len(names) > 1:
            out["not"] = {"anyOf": [{"required": [a, b]} for i, a in enumerate(names) for b in names[i + 1 :]]}
    return out


def describe(schema, name, where):
    w = KEY_WORDS.get(where + "." + name) or KEY_WORDS.get("*." + name)
    if w:
        schema = {"description": w[0], **schema}
        if len(w) > 1 and w[1]:
            schema["x-lava-doc"] = DOCS + w[1]
    return schema


def chooser_values(sch, chooser):
    """The values of the key that picks this sub-schema (`to: tmpfs`), wherever the schema says it."""
    if isinstance(sch, v.Schema):
        return chooser_values(sch.schema, chooser)
    if isinstance(sch, (v.Any, v.All)):
        out = []
        for x in sch.validators:
            for n in chooser_values(x, chooser) or []:
                if n not in out:
                    out.append(n)
        return out or None
    if isinstance(sch, dict):
        for k, val in sch.items():
            if key_of(k)[0] == chooser:
                val = val._schema if isinstance(val, v.Msg) else val
                if isinstance(val, str):
                    return [val]
                if isinstance(val, v.Any):
                    return list(val.validators)
    return None


def mark_server_values(root):
    """Values only the server knows: device types and device tags (job level and MultiNode roles)."""
    props = root["properties"]
    props["device_type"]["x-lava-server-values"] = "device-type"
    props["tags"]["x-lava-server-values"] = "device-tag"
    props["tags"]["items"]["x-lava-server-values"] = "device-tag"
    roles = props["protocols"]["properties"]["lava-multinode"]["properties"]["roles"]["additionalProperties"]
    for variant in roles["anyOf"]:
        p = variant["properties"]
        if "device_type" in p:
            p["device_type"]["x-lava-server-values"] = "device-type"
        p["tags"]["x-lava-server-values"] = "device-tag"
        p["tags"]["items"]["x-lava-server-values"] = "device-tag"


def share_repeated(root):
    """Subtrees written more than once (deploy.url() in every deploy method …) go once into definitions."""
    defs = root["definitions"]
    for _ in range(400):
        counts = {}
        names = {}

        def visit(node, key):
            if isinstance(node, dict):
                if key not in ("definitions", "properties", "patternProperties", "then_maps") and "$ref" not in node:
                    bare = json.dumps(node, sort_keys=True)
                    if len(bare) > 150:
                        counts[bare] = counts.get(bare, 0) + 1
                        names.setdefault(bare, key)
                for k, x in node.items():
                    visit(x, k if key != "properties" else k)
            elif isinstance(node, list):
                for x in node:
                    visit(x, key + "[]")

        visit(root, "")
        best = None
        for bare, n in counts.items():
            if n > 1 and (best is None or len(bare) * n > len(best) * counts[best]):
                best = bare
        if best is None:
            return
        base = "shared-" + str(names[best] or "node").replace("_", "-")
        name = base
        i = 2
        while name in defs:
            name = "%s-%d" % (base, i)
            i += 1
        defs[name] = json.loads(best)

        def replace(node, key):
            if isinstance(node, dict):
                if key not in ("definitions", "properties", "patternProperties") and json.dumps(node, sort_keys=True) == best:
                    return {"$ref": "#/definitions/" + name}
                return {k: (x if k == name and node is defs else replace(x, k)) for k, x in node.items()}
            if isinstance(node, list):
                return [replace(x, key + "[]") for x in node]
            return node

        new = replace(root, "")
        root.clear()
        root.update(new)
        defs = root["definitions"]


def module_schemas(pkg):
    out = {}
    path = os.path.dirname(importlib.import_module("lava_common.schemas." + pkg).__file__)
    for m in sorted(pkgutil.iter_modules([path]), key=lambda m: m.name):
        mod = importlib.import_module("lava_common.schemas.%s.%s" % (pkg, m.name))
        if hasattr(mod, "schema"):
            out[m.name] = mod.schema()
    return out


def main():
    defs = {}
    timeout = convert(S.timeout(), False, "timeout")
    defs["timeout"] = {
        "description": "A duration: exactly one of `days`, `hours`, `minutes` or `seconds` (a whole number, 1 or more).",
        "x-lava-doc": DOCS + "actions-timeout.html",
        **timeout,
    }
    tjson = json.dumps(timeout, sort_keys=True)

    def hoist(node):
        if isinstance(node, dict):
            bare = {k: x for k, x in node.items() if k not in ("description", "x-lava-doc")}
            if json.dumps(bare, sort_keys=True) == tjson:
                return {**{k: x for k, x in node.items() if k in ("description", "x-lava-doc")}, "$ref": "#/definitions/timeout"}
            return {k: hoist(x) for k, x in node.items()}
        if isinstance(node, list):
            return [hoist(x) for x in node]
        return node

    job = convert(S.job(), False, "job")
    # actions: each item is one of the four kinds, each chosen by the sibling values (validate()).
    job["properties"]["actions"] = {
        "description": KEY_WORDS["job.actions"][0],
        "x-lava-doc": DOCS + KEY_WORDS["job.actions"][1],
        "type": "array",
        "items": {"$ref": "#/definitions/action"},
    }
    kinds = {}
    for kind in ("deploy", "boot", "test"):
        kinds[kind] = module_schemas(kind)
    words_kind = {"deploy": "to", "boot": "method"}
    defs["action"] = {
        "description": "One step of the job: a `deploy`, `boot`, `test` or `command` action.",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": {
            k: describe({"$ref": "#/definitions/" + k}, k, "action") for k in ("deploy", "boot", "test", "command")
        },
        "additionalProperties": False,
        # validate() picks the sub-schema by the first key: an unknown kind is refused even with strict=False.
        "x-lava-closed": True,
    }
    common_action = convert(S.action(), False, "action")["properties"]
    for kind, chooser in words_kind.items():
        variants = []
        values = []
        for mod, sch in kinds[kind].items():
            name = chooser_values(sch, chooser)
            # validate() imports the module named by the value ("-" read as "_"), whose schema must accept it too.
            names = [n for n in (name or []) if n.replace("-", "_") == mod]
            if not names:
                raise SystemExit("no %s value for %s.%s" % (chooser, kind, mod))
            dname = kind + "-" + mod.replace("_", "-")
            defs[dname] = hoist(convert(sch, False, kind + "." + mod))
            for n in names:
                values.append(n)
            variants.append(
                {
                    "if": {"properties": {chooser: {"enum": names}}, "required": [chooser]},
                    "then": {"$ref": "#/definitions/" + dname},
                }
            )
        base = hoist(convert(getattr(S, kind).schema(), False, kind))
        chooser_schema = describe(enum(values, kind + "." + chooser), chooser, kind)
        defs[kind] = {
            "type": "object",
            "properties": {chooser: chooser_schema, **base["properties"]},
            "required": [chooser],
            "allOf": variants,
        }
    # test: chosen by which keys are there (validate()): definitions (+docker), interactive, monitors.
    t = kinds["test"]
    for mod, sch in t.items():
        if mod == "testdef":
            continue
        defs["test-" + mod] = hoist(convert(sch, False, "test." + mod))
    base = hoist(convert(S.test.schema(), False, "test"))
    defs["test"] = {
        "type": "object",
        "properties": {
            **{k: describe({}, k, "test") for k in ("definitions", "interactive", "monitors", "docker")},
            **base["properties"],
        },
        "anyOf": [{"required": ["definitions"]}, {"required": ["interactive"]}, {"required": ["monitors"]}],
        "allOf": [
            {"if": {"required": ["definitions", "docker"]}, "then": {"$ref": "#/definitions/test-docker"}},
            {
                "if": {"required": ["definitions"], "not": {"required": ["docker"]}},
                "then": {"$ref": "#/definitions/test-definition"},
            },
            {
                "if": {"required": ["interactive"], "not": {"required": ["definitions"]}},
                "then": {"$ref": "#/definitions/test-interactive"},
            },
            {
                "if": {"required": ["monitors"], "not": {"anyOf": [{"required": ["definitions"]}, {"required": ["interactive"]}]}},
                "then": {"$ref": "#/definitions/test-monitor"},
            },
        ],
    }
    import lava_common.schemas.command as C

    defs["command"] = hoist(convert(C.schema(), False, "command"))
    del common_action
    job = hoist(job)
    # check_multinode_extras / check_multinode_roles / check_namespace, written as schema rules.
    multinode = {"properties": {"protocols": {"required": ["lava-multinode"]}}, "required": ["protocols"]}
    job["allOf"] = [
        {
            "if": multinode,
            "then": {
                "properties": {"device_type": False, "environment": False, "context": False, "tags": False},
                "x-lava-message": "`device_type`, `environment`, `context` and `tags` go in the roles of a MultiNode job.",
                "properties_": None,
            },
            "else": {"required": ["device_type"]},
        },
        {
            "if": multinode,
            "then": {
                "properties": {
                    "actions": {"items": {"additionalProperties": {"required": ["role"]}}},
                }
            },
        },
        {
            "if": {
                "properties": {"actions": {"contains": {"additionalProperties": {"required": ["namespace"]}}}},
                "required": ["actions"],
            },
            "then": {"properties": {"actions": {"items": {"additionalProperties": {"required": ["namespace"]}}}}},
        },
    ]
    del job["allOf"][0]["then"]["properties_"]
    out = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://lava-follow.invalid/schemas/lava-job.schema.json",
        "title": "LAVA job definition",
        "description": "A LAVA job definition (YAML), as LAVA 2023.01's validator checks it in strict mode.",
        "x-lava-version": "2023.01",
        "x-lava-doc": DOCS + "dispatcher-format.html",
        **job,
        "definitions": defs,
    }
    mark_server_values(out)
    share_repeated(out)
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
