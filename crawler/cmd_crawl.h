/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_crawl.h -- `tldhealth crawl (--zone FILE | --list FILE)`: the
 * coordinator of a survey, which starts its sink and workers.
 */
#ifndef TH_CMD_CRAWL_H
#define TH_CMD_CRAWL_H

int th_cmd_crawl(int argc, char **argv);

#endif /* TH_CMD_CRAWL_H */
