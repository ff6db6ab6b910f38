"""`hf-tornado --list-plugins | head -1`: the reader leaving early is no error.

Found by the issue-2 audit: it printed "cannot listen on 127.0.0.1:4756: Broken pipe" and exited 1.
"""
from __future__ import annotations

import subprocess
import sys


def test_list_plugins_into_a_closed_pipe_is_quiet():
    with subprocess.Popen([sys.executable, "-m", "hf_tornado", "--list-plugins"], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        proc.stdout.close()  # the reader is gone before the first line, as `head` is after its last
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=20) == 0, stderr
    assert stderr == ""
