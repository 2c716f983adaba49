/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_zonelist.h -- `tldhealth zonelist`: fetch a TLD zone by AXFR, and
 * read zone files and domain lists the way the crawl will.
 *
 *   tldhealth zonelist fetch ZONE --server ADDR [--port N] [--out FILE]
 *   tldhealth zonelist count FILE [--origin ZONE] [--allow-include]
 *   tldhealth zonelist delegations FILE [--origin ZONE] [--allow-include]
 *   tldhealth zonelist domains FILE
 */
#ifndef TH_CMD_ZONELIST_H
#define TH_CMD_ZONELIST_H

/* The subcommand's main(); argv[0] is "zonelist". */
int th_cmd_zonelist(int argc, char **argv);

#endif /* TH_CMD_ZONELIST_H */
