#!/usr/bin/python3
# Captures the job-submission loop of the real LAVA 2023.01 on this machine
# (/work/shared/real-lava, env in /tmp/real-lava/env) into this folder:
# one file per answer (body + X.headers.txt), index.json naming each request.
#
#   /usr/bin/python3 capture.py [phase...]   phases: validate jobs multinode extra (default: all)
#
# Tokens are replaced by <TOKEN> (admin), <PLAIN_TOKEN> (non-superuser), <JOB_TOKEN>.
# Every job this script creates is canceled before it ends.
import base64
import http.client
import json
import os
import sys
import time
import urllib.parse
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
DEFS = os.path.join(HERE, "definitions")
ENV = {}
for line in open("/tmp/real-lava/env"):
    line = line.strip()
    if line and not line.startswith("#") and "=" in line:
        k, v = line.split("=", 1)
        ENV[k] = v
HOST = "127.0.0.1"
PORT = 8000
TOKEN = ENV["LAVA_TOKEN"]
PLAIN = ENV["LAVA_PLAIN_TOKEN"]
INDEX_PATH = os.path.join(HERE, "index.json")
INDEX = json.load(open(INDEX_PATH)) if os.path.exists(INDEX_PATH) else {}
CREATED = []  # job ids (REST pks) this run created


def auth_header(auth):
    if auth is None:
        return {}
    return {
        "admin": {"Authorization": "Token " + TOKEN},
        "plain": {"Authorization": "Token " + PLAIN},
        "bad": {"Authorization": "Token not-a-valid-token"},
        "basic-admin": {"Authorization": "Basic " + base64.b64encode(("admin:" + TOKEN).encode()).decode()},
        "basic-plain": {"Authorization": "Basic " + base64.b64encode(("user:" + PLAIN).encode()).decode()},
        "basic-bad": {"Authorization": "Basic " + base64.b64encode(b"admin:not-a-valid-token").decode()},
        "token-on-rpc": {"Authorization": "Token " + TOKEN},
    }[auth]


AUTH_TEXT = {
    None: "none",
    "admin": "Authorization: Token <TOKEN> (admin, superuser)",
    "plain": "Authorization: Token <PLAIN_TOKEN> (user, not superuser)",
    "bad": "Authorization: Token not-a-valid-token",
    "basic-admin": "Authorization: Basic base64(admin:<TOKEN>)",
    "basic-plain": "Authorization: Basic base64(user:<PLAIN_TOKEN>)",
    "basic-bad": "Authorization: Basic base64(admin:not-a-valid-token)",
    "token-on-rpc": "Authorization: Token <TOKEN> (the REST header, on /RPC2)",
}


def redact(b):
    b = b.replace(TOKEN.encode(), b"<TOKEN>").replace(PLAIN.encode(), b"<PLAIN_TOKEN>")
    # the job's worker token (superuser view of a job): "token":"<32+ chars>"
    import re

    return re.sub(rb'"token":"[0-9a-zA-Z]+"', b'"token":"<JOB_TOKEN>"', b)


def ext_of(ctype):
    c = (ctype or "").split(";")[0].strip()
    return {
        "application/json": "json",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/html": "html",
        "application/yaml": "yaml",
    }.get(c, "txt")


def request(method, path, body=None, ctype=None, auth=None):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
    headers = dict(auth_header(auth))
    if body is not None:
        headers["Content-Type"] = ctype
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r, data


def cap(name, method, path, body=None, ctype=None, auth=None, note="", request_body_text=None):
    r, data = request(method, path, body, ctype, auth)
    ct = r.getheader("Content-Type")
    ext = ext_of(ct)
    for old in [f for f in os.listdir(HERE) if f.startswith(name + ".")]:
        os.remove(os.path.join(HERE, old))
    with open(os.path.join(HERE, f"{name}.{ext}"), "wb") as f:
        f.write(redact(data))
    lines = ["HTTP/%s %d %s" % ("1.1" if r.version == 11 else "1.0", r.status, r.reason)]
    lines += ["%s: %s" % (k, v) for k, v in r.getheaders()]
    with open(os.path.join(HERE, f"{name}.headers.txt"), "wb") as f:
        f.write(redact(("\n".join(lines) + "\n").encode("latin-1")))
    INDEX[name] = {
        "file": f"{name}.{ext}",
        "request": f"{method} {path}",
        "auth": AUTH_TEXT[auth],
        "body": request_body_text if request_body_text is not None else (None if body is None else ctype),
        "status": r.status,
        "content_type": ct,
        "note": note,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    json.dump(INDEX, open(INDEX_PATH, "w"), indent=1, sort_keys=True)
    print(f"{name}: {r.status} {ct} {redact(data)[:200]!r}", flush=True)
    return r.status, data


def jbody(obj):
    return json.dumps(obj).encode()


def read(p):
    return open(p).read()


JOB = read("/work/shared/real-lava/job.yaml")
MULTI = read("/work/shared/real-lava/job-multinode.yaml")
INVALID = sorted(f[:-5] for f in os.listdir(DEFS) if f.endswith(".yaml") and not f.startswith("valid"))


def rpc(name, params, auth, note="", method="scheduler.jobs.validate", what=""):
    body = xmlrpc.client.dumps(tuple(params), method).encode()
    return cap(name, "POST", "/RPC2", body, "text/xml", auth, note, request_body_text=f"text/xml: XML-RPC {method}({what})")


def get_job(i, auth="admin"):
    r, data = request("GET", f"/api/v0.2/jobs/{i}/", auth=auth)
    return json.loads(data) if r.status == 200 else None


def cancel_quiet(i):
    request("GET", f"/api/v0.2/jobs/{i}/cancel/", auth="admin")


def created(status, data):
    if status == 201:
        ids = json.loads(data)["job_ids"]
        for x in ids:
            CREATED.append(int(str(x).split(".")[0]) + (int(str(x).split(".")[1]) if "." in str(x) else 0))
        return ids
    return []


def phase_validate():
    V = "/api/v0.2/jobs/validate/"
    form = lambda d, **kw: urllib.parse.urlencode({"definition": d, **kw}).encode()
    F = "application/x-www-form-urlencoded"
    J = "application/json"
    cap("validate-valid-form-anonymous", "POST", V, form(JOB), F, None, "job.yaml, form field definition", "form: definition=<job.yaml>")
    cap("validate-valid-json-anonymous", "POST", V, jbody({"definition": JOB}), J, None, "job.yaml", 'JSON {"definition": <job.yaml>}')
    cap("validate-valid-json-token", "POST", V, jbody({"definition": JOB}), J, "admin", "job.yaml", 'JSON {"definition": <job.yaml>}')
    cap("validate-valid-json-plain", "POST", V, jbody({"definition": JOB}), J, "plain", "job.yaml", 'JSON {"definition": <job.yaml>}')
    cap("validate-valid-json-badtoken", "POST", V, jbody({"definition": JOB}), J, "bad", "job.yaml, invalid token", 'JSON {"definition": <job.yaml>}')
    cap("validate-multinode", "POST", V, jbody({"definition": MULTI}), J, "admin", "job-multinode.yaml", 'JSON {"definition": <job-multinode.yaml>}')
    cap("validate-get", "GET", V, None, None, "admin", "GET instead of POST")
    cap("validate-empty", "POST", V, jbody({"definition": ""}), J, "admin", "empty definition", 'JSON {"definition": ""}')
    cap("validate-no-field", "POST", V, jbody({}), J, "admin", "no definition field", "JSON {}")
    cap("validate-not-yaml", "POST", V, jbody({"definition": "job_name: [unclosed\n"}), J, "admin", "text that is not YAML", 'JSON {"definition": "job_name: [unclosed\\n"}')
    cap("validate-plain-text", "POST", V, jbody({"definition": "this is not a job"}), J, "admin", "a YAML scalar, not a mapping", 'JSON {"definition": "this is not a job"}')
    cap("validate-not-json", "POST", V, b"{not json", J, "admin", "malformed JSON body", "application/json: {not json")
    uk = read(os.path.join(DEFS, "unknown-top-level-key.yaml"))
    cap("validate-unknown-top-level-key-strict-json-true", "POST", V, jbody({"definition": uk, "strict": True}), J, "admin", "strict: true", 'JSON {"definition": <unknown-top-level-key.yaml>, "strict": true}')
    cap("validate-unknown-top-level-key-strict-json-false", "POST", V, jbody({"definition": uk, "strict": False}), J, "admin", "strict: false", 'JSON {"definition": <unknown-top-level-key.yaml>, "strict": false}')
    cap("validate-unknown-top-level-key-strict-form-false", "POST", V, form(uk, strict="false"), F, "admin", "form strict=false (a non-empty string)", "form: definition=<unknown-top-level-key.yaml>&strict=false")
    cap("validate-valid-strict-json-true", "POST", V, jbody({"definition": JOB, "strict": True}), J, "admin", "job.yaml, strict: true", 'JSON {"definition": <job.yaml>, "strict": true}')
    # XML-RPC
    rpc("rpc-validate-valid-anonymous", [JOB], None, "job.yaml", what="<job.yaml>")
    rpc("rpc-validate-valid-token", [JOB], "basic-admin", "job.yaml", what="<job.yaml>")
    rpc("rpc-validate-valid-badtoken", [JOB], "basic-bad", "job.yaml", what="<job.yaml>")
    rpc("rpc-validate-valid-token-header", [JOB], "token-on-rpc", "REST token header on /RPC2", what="<job.yaml>")
    rpc("rpc-validate-multinode", [MULTI], "basic-admin", "job-multinode.yaml", what="<job-multinode.yaml>")
    rpc("rpc-validate-unknown-top-level-key-strict", [uk, True], "basic-admin", "strict True", what="<unknown-top-level-key.yaml>, True")
    rpc("rpc-validate-valid-strict", [JOB, True], "basic-admin", "strict True", what="<job.yaml>, True")
    rpc("rpc-validate-not-yaml", ["job_name: [unclosed\n"], "basic-admin", "not YAML", what='"job_name: [unclosed\\n"')
    rpc("rpc-validate-plain-text", ["this is not a job"], "basic-admin", "YAML scalar", what='"this is not a job"')
    rpc("rpc-validate-empty", [""], "basic-admin", "empty string", what='""')
    rpc("rpc-validate-no-args", [], "basic-admin", "no arguments", what="")
    cap("rpc-get", "GET", "/RPC2", None, None, None, "GET /RPC2 (no body)")
    cap("rpc-not-xml", "POST", "/RPC2", b"not xml", "text/xml", "basic-admin", "body is not XML", "text/xml: not xml")
    # every invalid definition through all three doors
    for d in INVALID:
        text = read(os.path.join(DEFS, d + ".yaml"))
        cap(f"validate-{d}", "POST", V, jbody({"definition": text}), J, "admin", f"definitions/{d}.yaml", f'JSON {{"definition": <definitions/{d}.yaml>}}')
        rpc(f"rpc-validate-{d}", [text], "basic-admin", f"definitions/{d}.yaml", what=f"<definitions/{d}.yaml>")
        st, data = cap(f"submit-{d}", "POST", "/api/v0.2/jobs/", jbody({"definition": text}), J, "admin", f"definitions/{d}.yaml", f'JSON {{"definition": <definitions/{d}.yaml>}}')
        for i in created(st, data):
            cap(f"submit-{d}-cancel", "GET", f"/api/v0.2/jobs/{i}/cancel/", auth="admin", note=f"the job submit-{d} created, canceled at once")
            time.sleep(1)
            cap(f"submit-{d}-job", "GET", f"/api/v0.2/jobs/{i}/", auth="admin", note=f"the job submit-{d} created, 1 s after its cancel")
    # submit errors without a job
    S = "/api/v0.2/jobs/"
    cap("submit-noauth", "POST", S, jbody({"definition": JOB}), J, None, "job.yaml, no token", 'JSON {"definition": <job.yaml>}')
    cap("submit-badtoken", "POST", S, jbody({"definition": JOB}), J, "bad", "job.yaml, invalid token", 'JSON {"definition": <job.yaml>}')
    cap("submit-empty", "POST", S, jbody({"definition": ""}), J, "admin", "empty definition", 'JSON {"definition": ""}')
    cap("submit-no-field", "POST", S, jbody({}), J, "admin", "no definition field", "JSON {}")
    cap("submit-not-yaml", "POST", S, jbody({"definition": "job_name: [unclosed\n"}), J, "admin", "text that is not YAML", 'JSON {"definition": "job_name: [unclosed\\n"}')
    cap("submit-plain-text", "POST", S, jbody({"definition": "this is not a job"}), J, "admin", "a YAML scalar", 'JSON {"definition": "this is not a job"}')
    cap("submit-not-json", "POST", S, b"{not json", J, "admin", "malformed JSON body", "application/json: {not json")


def wait_state(i, states, timeout=180, every=0.5):
    end = time.time() + timeout
    while time.time() < end:
        j = get_job(i)
        if j and j["state"] in states:
            return j
        time.sleep(every)
    raise SystemExit(f"job {i} never reached {states}")


def wait_idle(timeout=300):
    end = time.time() + timeout
    while time.time() < end:
        r, data = request("GET", "/api/v0.2/jobs/?state__in=Submitted,Scheduling,Scheduled,Running,Canceling&limit=1", auth="admin")
        if json.loads(data)["count"] == 0:
            return
        time.sleep(2)
    raise SystemExit("server never became idle")


def phase_jobs():
    wait_idle()
    J = "application/json"
    st, data = cap("submit-single", "POST", "/api/v0.2/jobs/", jbody({"definition": JOB}), J, "admin", "job.yaml", 'JSON {"definition": <job.yaml>}')
    a = created(st, data)[0]
    cap("job-single-submitted", "GET", f"/api/v0.2/jobs/{a}/", auth="admin", note="right after submission (definition, original_definition, multinode_definition fields)")
    wait_state(a, ["Running"])
    time.sleep(3)
    cap("job-single-running", "GET", f"/api/v0.2/jobs/{a}/", auth="admin", note="Running")
    cap("cancel-post", "POST", f"/api/v0.2/jobs/{a}/cancel/", auth="admin", note="POST instead of GET, Running job")
    cap("cancel-noauth", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth=None, note="no token, Running public job")
    cap("cancel-badtoken", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="bad", note="invalid token, Running job")
    cap("cancel-plain", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="plain", note="plain user (not the submitter), Running job")
    cap("job-single-after-refused-cancels", "GET", f"/api/v0.2/jobs/{a}/", auth="admin", note="after the refused cancels")
    cap("cancel-running", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="admin", note="admin cancels the Running job")
    seen = []
    t0 = time.time()
    while True:
        j = get_job(a)
        if j["state"] not in seen:
            seen.append(j["state"])
            cap(f"job-single-{j['state']}-after-cancel", "GET", f"/api/v0.2/jobs/{a}/", auth="admin", note=f"first poll (every 0.5 s) after the cancel that saw {j['state']}, t={time.time() - t0:.1f}s")
            if j["state"] == "Canceling":
                cap("cancel-canceling", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="admin", note="cancel again while Canceling")
                cap("cancel-canceling-plain", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="plain", note="plain user cancels while Canceling")
        if j["state"] == "Finished":
            break
        time.sleep(0.5)
    INDEX["_timeline_single_cancel"] = {"states": seen, "seconds": round(time.time() - t0, 1)}
    cap("cancel-finished", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="admin", note="cancel a Finished job")
    cap("cancel-finished-plain", "GET", f"/api/v0.2/jobs/{a}/cancel/", auth="plain", note="plain user cancels a Finished job")
    cap("cancel-unknown", "GET", "/api/v0.2/jobs/999999/cancel/", auth="admin", note="unknown job id")
    cap("cancel-dotted", "GET", f"/api/v0.2/jobs/{a}.0/cancel/", auth="admin", note="a dotted id on a single-node job")
    cap("job-single-finished", "GET", f"/api/v0.2/jobs/{a}/", auth="admin", note="Finished (Canceled)")
    cap("job-single-finished-plain", "GET", f"/api/v0.2/jobs/{a}/", auth="plain", note="Finished (Canceled), as a plain user")
    # resubmit
    R = f"/api/v0.2/jobs/{a}/resubmit/"
    cap("resubmit-get", "GET", R, auth="admin", note="GET instead of POST")
    cap("resubmit-noauth", "POST", R, auth=None, note="no token")
    cap("resubmit-badtoken", "POST", R, auth="bad", note="invalid token")
    cap("resubmit-unknown", "POST", "/api/v0.2/jobs/999999/resubmit/", auth="admin", note="unknown id")
    st, data = cap("resubmit", "POST", R, auth="admin", note="resubmit the canceled job (no body)")
    for b in created(st, data):
        cap("job-resubmitted", "GET", f"/api/v0.2/jobs/{b}/", auth="admin", note="the resubmitted job, right away")
        cap("cancel-submitted", "GET", f"/api/v0.2/jobs/{b}/cancel/", auth="admin", note="cancel the resubmitted job while queued")
        time.sleep(1)
        cap("job-resubmitted-after-cancel", "GET", f"/api/v0.2/jobs/{b}/", auth="admin", note="1 s after canceling it")
    st, data = cap("resubmit-plain", "POST", R, auth="plain", note="plain user resubmits admin's job")
    for b in created(st, data):
        cap("job-resubmitted-plain", "GET", f"/api/v0.2/jobs/{b}/", auth="admin", note="the job the plain user's resubmit created")
        cancel_quiet(b)


def phase_multinode():
    wait_idle()
    J = "application/json"
    st, data = cap("submit-multinode", "POST", "/api/v0.2/jobs/", jbody({"definition": MULTI}), J, "admin", "job-multinode.yaml", 'JSON {"definition": <job-multinode.yaml>}')
    ids = json.loads(data)["job_ids"]
    created(st, data)
    first = int(ids[0].split(".")[0])
    cap("job-multinode-dotted-0", "GET", f"/api/v0.2/jobs/{ids[0]}/", auth="admin", note=f"GET /jobs/{ids[0]}/ (the sub_id string)")
    cap("job-multinode-dotted-1", "GET", f"/api/v0.2/jobs/{ids[1]}/", auth="admin", note=f"GET /jobs/{ids[1]}/ (the sub_id string)")
    cap("job-multinode-0", "GET", f"/api/v0.2/jobs/{first}/", auth="admin", note="first sub-job by its integer pk")
    cap("job-multinode-1", "GET", f"/api/v0.2/jobs/{first + 1}/", auth="admin", note="second sub-job by its integer pk (first pk + 1)")
    cap("jobs-list-id-in", "GET", f"/api/v0.2/jobs/?id__in={first},{first + 1}", auth="admin", note="list filtered by id__in")
    cap("jobs-list-id-gt", "GET", f"/api/v0.2/jobs/?id__gt={first - 1}&ordering=id", auth="admin", note="list filtered by id__gt")
    cap("jobs-list-sub-id", "GET", f"/api/v0.2/jobs/?sub_id={ids[1]}&limit=3", auth="admin", note="sub_id is not a filter")
    md = get_job(first)["multinode_definition"]
    cap("jobs-list-multinode-definition", "GET", "/api/v0.2/jobs/?" + urllib.parse.urlencode({"multinode_definition": md}), auth="admin", note="list filtered by multinode_definition (exact, the whole text)")
    cap("jobs-list-multinode-definition-isnull", "GET", "/api/v0.2/jobs/?multinode_definition__isnull=false&limit=3", auth="admin", note="an unsupported lookup")
    cap("jobs-list-target-group-bogus", "GET", "/api/v0.2/jobs/?target_group=no-such-group", auth="admin", note="target_group filter, a value that matches nothing")
    rpc("rpc-jobs-show-dotted", [ids[1]], "basic-admin", "scheduler.jobs.show of the sub_id string", method="scheduler.jobs.show", what=f'"{ids[1]}"')
    # target_group, from XML-RPC if it tells it, else from the database
    tg = None
    r, raw = request("POST", "/RPC2", xmlrpc.client.dumps((ids[1],), "scheduler.jobs.show").encode(), "text/xml", "basic-admin")
    try:
        show = xmlrpc.client.loads(raw)[0][0]
        INDEX["_rpc_show_keys"] = sorted(show.keys())
    except Exception:
        pass
    import subprocess

    out = subprocess.run(
        ["env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "lava-server", "manage", "shell", "-c",
         f"from lava_scheduler_app.models import TestJob; print(TestJob.objects.get(pk={first}).target_group)"],
        capture_output=True, text=True)
    tg = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else None
    if tg:
        INDEX["_target_group"] = tg
        cap("jobs-list-target-group", "GET", f"/api/v0.2/jobs/?target_group={tg}", auth="admin", note="list filtered by target_group (value read from the database: not in the job JSON)")
    wait_state(first, ["Running"])
    wait_state(first + 1, ["Running"])
    time.sleep(3)
    cap("job-multinode-0-running", "GET", f"/api/v0.2/jobs/{first}/", auth="admin", note="Running")
    st, data = cap("resubmit-multinode-sub-job", "POST", f"/api/v0.2/jobs/{first + 1}/resubmit/", auth="admin", note="resubmit the second sub-job (while Running)")
    new = created(st, data)
    cap("cancel-multinode-sub-job", "GET", f"/api/v0.2/jobs/{first + 1}/cancel/", auth="admin", note="cancel the second sub-job only")
    seen = {first: [], first + 1: []}
    t0 = time.time()
    while True:
        done = True
        for i in (first, first + 1):
            j = get_job(i)
            if j["state"] not in seen[i]:
                seen[i].append(j["state"])
                cap(f"job-multinode-{i - first}-{j['state']}-after-cancel", "GET", f"/api/v0.2/jobs/{i}/", auth="admin", note=f"sub-job {i - first} after the cancel of sub-job 1: first poll that saw {j['state']}, t={time.time() - t0:.1f}s")
            done = done and j["state"] == "Finished"
        if done or time.time() - t0 > 120:
            break
        time.sleep(0.5)
    INDEX["_timeline_multinode_cancel"] = {str(k): v for k, v in seen.items()}
    INDEX["_timeline_multinode_cancel_seconds"] = round(time.time() - t0, 1)
    if new:
        nf = int(new[0].split(".")[0])
        cap("job-multinode-resubmitted-0", "GET", f"/api/v0.2/jobs/{nf}/", auth="admin", note="first sub-job of the resubmitted MultiNode job")
        cap("cancel-multinode-resubmitted", "GET", f"/api/v0.2/jobs/{nf}/cancel/", auth="admin", note="cancel the resubmitted MultiNode job (first sub-job)")
        time.sleep(2)
        cap("job-multinode-resubmitted-1-after-cancel", "GET", f"/api/v0.2/jobs/{nf + 1}/", auth="admin", note="its second sub-job, 2 s after canceling the first")
    json.dump(INDEX, open(INDEX_PATH, "w"), indent=1, sort_keys=True)


def phase_extra():
    rpc("rpc-validate-valid-plain", [JOB], "basic-plain", "job.yaml, plain user", what="<job.yaml>")
    rpc("rpc-unknown-method", [JOB], "basic-admin", "a method that does not exist", method="scheduler.jobs.no_such_method", what="<job.yaml>")
    rpc("rpc-validate-int", [42], "basic-admin", "definition is an int", what="42")


if __name__ == "__main__":
    phases = sys.argv[1:] or ["validate", "jobs", "multinode", "extra"]
    try:
        for p in phases:
            {"validate": phase_validate, "jobs": phase_jobs, "multinode": phase_multinode, "extra": phase_extra}[p]()
    finally:
        for i in CREATED:
            cancel_quiet(i)
        json.dump(INDEX, open(INDEX_PATH, "w"), indent=1, sort_keys=True)
        print("created:", CREATED)
