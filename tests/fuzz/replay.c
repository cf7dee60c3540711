/* Replays a fuzz driver over every file of a corpus directory (the regression
 * corpus: inputs that once crashed, plus seeds). Built with gcc for `make test`;
 * `make fuzz` builds the same drivers with clang's libFuzzer to search for more. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	if (argc != 2) { fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]); return 2; }
	DIR *d = opendir(argv[1]);
	if (!d) { perror(argv[1]); return 2; }
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.') continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f) continue;
		static uint8_t data[1 << 20];
		size_t len = fread(data, 1, sizeof data, f);
		fclose(f);
		LLVMFuzzerTestOneInput(data, len);
		n++;
	}
	closedir(d);
	printf("replayed %d inputs from %s\n", n, argv[1]);
	return n > 0 ? 0 : 1;
}
