/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_check.h -- `tldhealth check`: test one domain, print the messages.
 */
#ifndef TH_CMD_CHECK_H
#define TH_CMD_CHECK_H

/* The subcommand's main(); argv[0] is "check". */
int th_cmd_check(int argc, char **argv);

#endif /* TH_CMD_CHECK_H */
