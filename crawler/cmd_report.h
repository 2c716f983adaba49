/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_report.h -- `tldhealth report`: a run's summary.json into charts,
 * report.html and report.pdf (docs/report.md).
 */
#ifndef TH_CMD_REPORT_H
#define TH_CMD_REPORT_H

/* The subcommand, with the shape of main(); 0 on success, 1 on failure,
 * 2 on a usage error. */
int th_cmd_report(int argc, char **argv);

#endif /* TH_CMD_REPORT_H */
