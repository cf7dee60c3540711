#include "web/qr.h"

#include <qrencode.h>

#include "web/html.h"

int qr_svg(buf *b, const char *text, int px)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q) return -1;
	int w = q->width, quiet = 4, n = w + 2 * quiet;
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"%d\" height=\"%d\" "
	              "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">"
	              "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", px, px, n, n, n, n);
	/* One path: a run of dark modules in a row becomes one rectangle. */
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w;) {
			if (!(q->data[y * w + x] & 1)) { x++; continue; }
			int run = 1;
			while (x + run < w && (q->data[y * w + x + run] & 1)) run++;
			buf_printf(b, "M%d %dh%dv1h-%dz", x + quiet, y + quiet, run, run);
			x += run;
		}
	}
	buf_adds(b, "\"/></svg>");
	QRcode_free(q);
	return 0;
}
