/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_analyze.h -- `tldhealth analyze --db DIR --run ID [--compare ID]...
 * [--out DIR] [--asn-db FILE]`: summary.json and the CSV tables of a run.
 */
#ifndef TH_CMD_ANALYZE_H
#define TH_CMD_ANALYZE_H

/* The subcommand's main(); argv[0] is "analyze". */
int th_cmd_analyze(int argc, char **argv);

#endif /* TH_CMD_ANALYZE_H */
