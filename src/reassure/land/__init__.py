"""Peace on land: monitors' reports and ceasefire violations against the agreement's zones."""

from reassure.land.reports import decode_reports
from reassure.land.violations import ReportParams, detect_report_violations

__all__ = ["ReportParams", "decode_reports", "detect_report_violations"]
