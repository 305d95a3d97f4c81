"""manage.py import_agencies FILE [--dry-run]: upsert agencies from CSV or XLSX by code."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from eservice.registry.importer import ImportFileError, import_rows, iter_issues, read_rows


class Command(BaseCommand):
    help = (
        "Import agencies from a CSV or XLSX file (the register's columns, or the DLA open-data "
        "file as published). Existing agencies are updated by code; nothing is written when "
        "any error stops the import. Every corrected or rejected row is reported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but change nothing."
        )
        parser.add_argument(
            "--source", default="import", help="Where the data comes from (kept per agency)."
        )
        parser.add_argument("--language", default="en", choices=["en", "th"])

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        language = options["language"]
        translation.activate(language)
        try:
            rows = read_rows(path.read_bytes(), path.name)
            report = import_rows(
                rows,
                dry_run=options["dry_run"],
                source=options["source"],
                actor="manage.py import_agencies",
                progress=self.progress,
            )
        except ImportFileError as error:
            raise CommandError(str(error.message)) from None
        self.stderr.write("")
        for kind, issue in iter_issues(report):
            self.stdout.write(
                f"line {issue.line} {issue.code} {kind} {issue.field}: "
                f"{issue.was!r} -> {issue.now!r}: {issue.why[language]}"
            )
        prefix = "DRY RUN, nothing written. " if report.dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.total} rows: {report.created} created, {report.updated} "
                f"updated, {report.unchanged} unchanged, {len(report.rejected)} rejected; "
                f"{len(report.corrected)} corrections, {len(report.notes)} notes, "
                f"{report.subdistricts_inferred} subdistricts inferred from names, "
                f"{report.websites_completed} web addresses completed with http(s)://."
            )
        )

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {100 * done // total:3d}%", ending=""
        )
        self.stderr.flush()
