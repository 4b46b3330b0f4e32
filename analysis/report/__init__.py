"""Reports on top of theory and measure: the run report (run_report), diffusion-cell reports
(cell_report), sweep reports (sweeps, wall_sweeps, real_gas, coverage), figures and the house
style (docs/code_map.md).
"""
from analysis.report.run_report import build_report, write_report

__all__ = ["build_report", "write_report"]
