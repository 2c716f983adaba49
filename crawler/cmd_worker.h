/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_worker.h -- `tldhealth worker --connect ENDPOINT`: probe the
 * batches a crawl's coordinator hands out and send back their records.
 */
#ifndef TH_CMD_WORKER_H
#define TH_CMD_WORKER_H

int th_cmd_worker(int argc, char **argv);

#endif /* TH_CMD_WORKER_H */
