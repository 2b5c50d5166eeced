/* fuzz_image.c - fuzz image_read (common/image.h), the reader of PGM and PNG files.
 *
 * Input: byte 0 picks the format (even: .pgm, odd: .png), the rest is the file's content,
 * written to a scratch file that image_read then opens. Promises checked for every input:
 *  - accepted => width and height are positive and the pixels are readable (summed);
 *  - rejected => the message is a NUL-terminated line inside its buffer;
 *  - no crash, no leak, and no allocation beyond what a sane picture needs, whatever
 *    size the header claims (ASan/libFuzzer report a huge malloc as a finding).
 */
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_image.%ld.%s", (long)getpid(),
             data[0] & 1 ? "png" : "pgm");
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data + 1, 1, size - 1, fp);
    fclose(fp);

    uint8_t *pixels = NULL;
    int width = 0, height = 0;
    char err[256];
    memset(err, 'x', sizeof err);
    if (image_read(path, &pixels, &width, &height, err, sizeof err)) {
        FUZZ_ASSERT(width > 0 && height > 0 && pixels != NULL);
        unsigned long sum = 0;
        for (size_t i = 0; i < (size_t)width * (size_t)height; i++)
            sum += pixels[i];
        FUZZ_ASSERT(sum <= 255UL * (size_t)width * (size_t)height);
        free(pixels);
    } else {
        FUZZ_ASSERT(memchr(err, '\0', sizeof err) != NULL);
        FUZZ_ASSERT(strchr(err, '\n') == NULL);
    }
    unlink(path);
    return 0;
}
