/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_export.h -- `tldhealth export --db DIR --run ID [--format jsonl|csv]`:
 * every result of a run, in domain order.
 */
#ifndef TH_CMD_EXPORT_H
#define TH_CMD_EXPORT_H

/* The subcommand's main(); argv[0] is "export". */
int th_cmd_export(int argc, char **argv);

#endif /* TH_CMD_EXPORT_H */
