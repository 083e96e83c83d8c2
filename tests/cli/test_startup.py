"""The command starts fast: heavy libraries load only for the commands that use them."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_loads_no_database_report_or_chart_library() -> None:
    code = (
        "import sys, rendement.cli.main; "
        "heavy = ['sqlalchemy', 'alembic', 'weasyprint', 'altair', 'vl_convert', 'openpyxl', "
        "'scipy', 'psycopg']; "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
