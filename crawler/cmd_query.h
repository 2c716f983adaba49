/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_query.h -- `tldhealth query`: one DNS question to one server, dig-like.
 */
#ifndef TH_CMD_QUERY_H
#define TH_CMD_QUERY_H

/* The subcommand's main(); argv[0] is "query". */
int th_cmd_query(int argc, char **argv);

#endif /* TH_CMD_QUERY_H */
