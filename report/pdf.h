/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pdf.h -- report.pdf: the HTML report's chapters laid out with cairo and
 * pango (the one adapter of both), the charts drawn from their SVG by
 * report/svgimg.
 */
#ifndef TH_PDF_H
#define TH_PDF_H

#include "report/model.h"

#include <stddef.h>

/*
 * Write the report for s as a PDF at path. charts_dir holds <id>.svg for
 * every charted table. Returns 0, or TH_EIO with a message in err.
 */
int th_pdf_write(const struct th_model *s, const char *charts_dir,
                 const char *path, char *err, size_t errlen);

#endif /* TH_PDF_H */
