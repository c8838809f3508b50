# The floor of a dask start: what YARN alone needs to run `python -c "import distributed"` from
# an environment archive in N containers. Skein's Java AM launches them (DistributedShell cannot
# localize an archive: its -localize_files are FILE resources, never unpacked); each container runs
# the one command and exits, and the application ends when all have. Prints the application id,
# then its final status once it finished; the harness takes the times from the RM.
#
#   floor.py ARCHIVE N MEMORY_MB
# ARCHIVE is a local path (Skein uploads it with the application: a cold localization every time)
# or an hdfs:// path, localized PRIVATE: cold the first time, then warm from the NodeManager's cache.
import sys
import time

import skein

archive, n, memory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
remote = archive.startswith("hdfs://")
environment = skein.File(source=archive, type="archive", visibility="private" if remote else "application")
importer = skein.Service(
    instances=n,
    max_restarts=0,
    resources=skein.Resources(memory=memory, vcores=1),
    files={"environment": environment},
    script='environment/bin/python -c "import distributed"',
)
spec = skein.ApplicationSpec(name="tsdask-bench-floor", queue="default", max_attempts=1, services={"importer": importer})
with skein.Client() as client:
    app_id = client.submit(spec)
    print(app_id, flush=True)
    deadline = time.time() + 900
    while time.time() < deadline:
        report = client.application_report(app_id)
        if str(report.state) in ("FINISHED", "FAILED", "KILLED"):
            print(report.final_status, flush=True)
            sys.exit(0)
        time.sleep(0.5)
    client.kill_application(app_id)
    sys.exit(f"application {app_id} did not finish in 900 s")
