/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_keygen.h -- `tldhealth keygen FILE`: a CURVE key pair for a crawl's
 * remote workers and coordinator.
 */
#ifndef TH_CMD_KEYGEN_H
#define TH_CMD_KEYGEN_H

int th_cmd_keygen(int argc, char **argv);

#endif /* TH_CMD_KEYGEN_H */
