/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * svgimg.h -- the librsvg adapter: draw a chart's SVG file onto a cairo
 * context (the PDF report's charts).
 */
#ifndef TH_SVGIMG_H
#define TH_SVGIMG_H

#include <cairo.h>
#include <stddef.h>

/*
 * Draw the SVG at path scaled to width w (points), top-left at (x, y) of
 * cr, keeping the aspect of its viewBox (or, without one, of w x *h);
 * *h receives the height drawn. Returns 0, or TH_EIO with librsvg's
 * message in err.
 */
int th_svgimg_draw(cairo_t *cr, const char *path, double x, double y, double w,
                   double *h, char *err, size_t errlen);

#endif /* TH_SVGIMG_H */
