#!/usr/bin/env python3
"""Keeps docs/config-reference.md honest: compares, file by file, the keys it documents with the keys
the code accepts, and fails naming every key that is on one side only.

Where the code's keys come from (parsed from the Swift sources, no build needed):
  project.yml             ProjectFileReader's static key lists (topKeys, serverKeys, ...)
  fed_server.json,        the Codable structs' CodingKeys (or, without CodingKeys, their stored
  fed_client.json,        properties), following the nesting of the structs
  local_settings.json,
  authorization.json      (+ the Right enum's cases for roles.<role>.<right>)
  config_fed_server.json, the rejectUnknownKeys([...]) lists of FedServerAppConfig / FedClientAppConfig
  config_fed_client.json
  config_train.json       the checkKeys([...]) lists of TrainConfig
For the last two, each list's path prefix is found by following `let X = try Y.object("key")`.

Usage: scripts/check-config-reference.py [--self-test]
  --self-test  also checks that the comparison fails when a key is added on one side only.
"""
import os, re, sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DOC = "docs/config-reference.md"
FILES = ["project.yml", "fed_server.json", "fed_client.json", "local_settings.json", "authorization.json",
         "config_fed_server.json", "config_fed_client.json", "config_train.json"]


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


class Broken(Exception):
    """The sources no longer have the shape this script parses: fix the script, loudly."""


# ------------------------------------------------------------------ documented keys

def documented_keys(text):
    """{file: {key}} from the tables under the `## `file`` headings."""
    out, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^## `([^`]+)`\s*$", line)
        if m:
            current = m.group(1) if m.group(1) in FILES else None
            if current:
                out.setdefault(current, set())
            continue
        if line.startswith("## "):
            current = None
        m = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if current and m:
            out[current].add(m.group(1))
    return out


# ------------------------------------------------------------------ Swift parsing helpers

def block(src, start):
    """The text between the brace at/after `start` and its matching close."""
    i = src.index("{", start)
    depth = 0
    for j in range(i, len(src)):
        depth += {"{": 1, "}": -1}.get(src[j], 0)
        if depth == 0:
            return src[i + 1:j]
    raise Broken("unbalanced braces")


def struct_body(src, name):
    m = re.search(r"\b(?:struct|enum)\s+%s\b[^{]*" % re.escape(name), src)
    if not m:
        raise Broken(f"type {name} not found")
    return block(src, m.start())


def strip_nested_types(body):
    """The body without nested struct/enum/extension blocks (so their members are not ours)."""
    out, i = "", 0
    for m in re.finditer(r"\b(?:struct|enum|class)\s+(?!CodingKeys\b)\w+[^{]*\{", body):
        if m.start() < i:
            continue
        out += body[i:m.start()]
        inner = block(body, m.start())
        i = body.index("{", m.start()) + len(inner) + 2
    return out + body[i:]


def coding_keys(src, struct):
    """JSON keys of a Codable struct: its CodingKeys cases, else its stored properties."""
    own = strip_nested_types(struct_body(src, struct))   # keeps its own CodingKeys, drops nested types
    ck = re.search(r"enum\s+CodingKeys\b[^{]*", own)
    if ck:
        keys = []
        for case in re.findall(r"\bcase\s+([^\n]+)", block(own, ck.start())):
            for item in case.split(","):
                item = item.strip()
                m = re.match(r'(\w+)\s*(?:=\s*"([^"]+)")?', item)
                if m:
                    keys.append(m.group(2) or m.group(1))
        return keys
    # Stored public properties (locals in function bodies are never public; computed ones have a body).
    props = re.findall(r"^\s*public\s+(?:var|let)\s+(\w+)\s*:[^{=\n]*$", own, re.M)
    if not props:
        raise Broken(f"{struct}: no CodingKeys and no stored properties found")
    return props


def enum_cases(src, name):
    body = struct_body(src, name)
    cases = []
    for case in re.findall(r"\bcase\s+([^\n]+)", body):
        for item in case.split(","):
            m = re.match(r'\s*(\w+)\s*(?:=\s*"([^"]+)")?', item)
            if m:
                cases.append(m.group(2) or m.group(1))
    return cases


def key_lists_with_prefixes(src, call, roots):
    """Keys from `X.call([...])`, each prefixed by X's path; paths follow `let X = try Y.object("k")`,
    `let X = try Y.objects("k")` (a list: k[].) and `let X = Y[0]`, in source order."""
    prefix = dict(roots)
    keys = []
    pattern = re.compile(
        r"let\s+(\w+)\s*=\s*try\s+(\w+)\.object\(\"(\w+)\"\)"          # 1-3 object
        r"|let\s+(\w+)\s*=\s*try\s+(\w+)\.objects\(\"(\w+)\"\)"        # 4-6 list of objects
        r"|let\s+(\w+)\s*=\s*(\w+)\[0\]"                                # 7-8 first entry
        r"|(\w+)\.%s\(\s*\[([^\]]*)\]" % re.escape(call), re.S)        # 9-10 key list
    for m in pattern.finditer(src):
        if m.group(1):
            if m.group(2) in prefix:
                prefix[m.group(1)] = prefix[m.group(2)] + m.group(3) + "."
        elif m.group(4):
            if m.group(5) in prefix:
                prefix[m.group(4)] = prefix[m.group(5)] + m.group(6) + "[]."
        elif m.group(7):
            if m.group(8) in prefix:
                prefix[m.group(7)] = prefix[m.group(8)]
        else:
            var = m.group(9)
            if var not in prefix:
                raise Broken(f"{call}([...]) on '{var}', whose key path this script cannot tell")
            keys += [prefix[var] + k for k in re.findall(r'"([^"]+)"', m.group(10))]
    if not keys:
        raise Broken(f"no {call}([...]) lists found")
    return keys


# ------------------------------------------------------------------ accepted keys, per file

def accepted_keys():
    out = {}

    # project.yml
    src = read("Sources/FlockProvision/Project/ProjectFileReader.swift")
    lists = dict(re.findall(r"static let (\w+) = \[([^\]]*)\]", src))
    prefixes = {"topKeys": "", "serverKeys": "server.", "clientKeys": "fl_clients[].", "adminKeys": "admin_clients[]."}
    for name in lists:
        if name not in prefixes:
            raise Broken(f"ProjectFileReader.{name} is a key list this script does not place; add it to 'prefixes'")
        if f"allowed: Self.{name}" not in src:
            raise Broken(f"ProjectFileReader.{name} is no longer used by checkKeys")
    out["project.yml"] = {prefixes[n] + k for n, body in lists.items() for k in re.findall(r'"([^"]+)"', body)}

    def codable(file_src, tree, prefix=""):
        """tree: (struct, {key: subtree}) where a subtree is (struct, {...}, is_list)."""
        struct, children = tree
        keys = set()
        for k in coding_keys(file_src, struct):
            keys.add(prefix + k)
            if k in children:
                sub, sub_children, is_list = children[k]
                keys |= codable(file_src, (sub, sub_children), prefix + k + ("[]." if is_list else "."))
        return keys

    server_src = read("Sources/FlockCore/Config/FedServerConfig.swift")
    out["fed_server.json"] = codable(server_src, ("FedServerConfig", {
        "servers": ("Server", {"service": ("Service", {}, False)}, True)}))

    client_src = read("Sources/FlockCore/Config/FedClientConfig.swift")
    # FedClientConfig.Server.service is a FedServerConfig.Service: its keys live in the other file.
    client = codable(client_src, ("FedClientConfig", {
        "servers": ("Server", {}, True), "client": ("Client", {}, False)}))
    client |= {"servers[].service." + k for k in coding_keys(server_src, "Service")}
    out["fed_client.json"] = client

    out["local_settings.json"] = set(coding_keys(read("Sources/FlockCore/Config/LocalSettings.swift"), "LocalSettings"))

    auth = read("Sources/FlockCore/Config/AuthorizationConfig.swift")
    keys = set(coding_keys(auth, "AuthorizationConfig"))
    keys |= {"roles.<role>." + r for r in enum_cases(auth, "Right")}
    keys |= {"admins.<email>." + k for k in coding_keys(auth, "Admin")}
    keys |= {"clients.<name>." + k for k in coding_keys(auth, "Client")}
    out["authorization.json"] = keys

    app = read("Sources/FlockCore/App/FedServerAppConfig.swift")
    out["config_fed_server.json"] = set(key_lists_with_prefixes(
        struct_body(app, "FedServerAppConfig"), "rejectUnknownKeys", {"root": ""}))
    out["config_fed_client.json"] = set(key_lists_with_prefixes(
        struct_body(app, "FedClientAppConfig"), "rejectUnknownKeys", {"root": ""}))

    train = read("Sources/FlockTrain/TrainConfig.swift")
    out["config_train.json"] = set(key_lists_with_prefixes(train, "checkKeys", {"root": ""}))
    return out


# ------------------------------------------------------------------ comparison

def compare(docs, code):
    problems = []
    for f in FILES:
        d, c = docs.get(f), code.get(f, set())
        if d is None:
            problems.append(f"{DOC} has no section '## `{f}`'")
            continue
        for k in sorted(c - d):
            problems.append(f"{f}: key '{k}' is accepted by the code but not documented in {DOC}")
        for k in sorted(d - c):
            problems.append(f"{f}: key '{k}' is documented in {DOC} but the code does not accept it")
    return problems


def main():
    try:
        code = accepted_keys()
    except (Broken, ValueError) as e:
        sys.exit(f"check-config-reference: FAILED: cannot read the accepted keys from the sources: {e}")
    docs = documented_keys(read(DOC))
    problems = compare(docs, code)
    if "--self-test" in sys.argv:
        # A key added on either side must be reported, naming the key and the file.
        extra_doc = {f: set(k) for f, k in docs.items()}
        extra_doc["fed_client.json"].add("client.no_such_key")
        extra_code = {f: set(k) for f, k in code.items()}
        extra_code["config_train.json"].add("model.new_key")
        got = compare(extra_doc, extra_code)
        want = ["fed_client.json: key 'client.no_such_key' is documented",
                "config_train.json: key 'model.new_key' is accepted by the code but not documented"]
        for w in want:
            if not any(p.startswith(w) for p in got):
                problems.append(f"self-test: a one-sided key was not reported ({w})")
    if problems:
        print("check-config-reference: FAILED")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print(f"check-config-reference: {sum(len(k) for k in code.values())} keys in {len(FILES)} files match {DOC}")


if __name__ == "__main__":
    main()
