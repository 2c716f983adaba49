/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_runs.h -- `tldhealth runs --db DIR`: the runs in a store, with their
 * state and counts.
 */
#ifndef TH_CMD_RUNS_H
#define TH_CMD_RUNS_H

/* The subcommand's main(); argv[0] is "runs". */
int th_cmd_runs(int argc, char **argv);

#endif /* TH_CMD_RUNS_H */
