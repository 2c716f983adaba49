/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_resolve.h -- `tldhealth resolve`: iterative resolution of many names.
 */
#ifndef TH_CMD_RESOLVE_H
#define TH_CMD_RESOLVE_H

/* The subcommand's main(); argv[0] is "resolve". */
int th_cmd_resolve(int argc, char **argv);

#endif /* TH_CMD_RESOLVE_H */
