/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_sink.h -- `tldhealth sink`: the crawl's store writer, started by
 * `crawl` (not meant to be run by hand).
 */
#ifndef TH_CMD_SINK_H
#define TH_CMD_SINK_H

int th_cmd_sink(int argc, char **argv);

#endif /* TH_CMD_SINK_H */
