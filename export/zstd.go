package export

import (
	"sync"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
)

// zstdWindow is the zstd window of Parquet pages. A page is compressed on
// its own and is at most a few hundred KiB (pageBufferSize), so a larger
// window finds nothing more; parquet-go's own codec uses the 8 MiB default,
// whose history buffers dominated the writer's memory.
const zstdWindow = 1 << 20

// zstdCodec is the zstd Parquet codec with a small window.
type zstdCodec struct {
	once sync.Once
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	err  error
}

// String names the codec.
func (c *zstdCodec) String() string { return "ZSTD" }

// CompressionCodec is the codec's id in the Parquet footer.
func (c *zstdCodec) CompressionCodec() format.CompressionCodec { return format.Zstd }

// init creates the encoder and decoder once; EncodeAll and DecodeAll are
// safe for concurrent use.
func (c *zstdCodec) init() error {
	c.once.Do(func() {
		c.enc, c.err = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(zstdWindow),
			zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false))
		if c.err == nil {
			c.dec, c.err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
		}
	})
	return c.err
}

// Encode compresses src, appending to dst[:0].
func (c *zstdCodec) Encode(dst, src []byte) ([]byte, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	return c.enc.EncodeAll(src, dst[:0]), nil
}

// Decode decompresses src, appending to dst[:0].
func (c *zstdCodec) Decode(dst, src []byte) ([]byte, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	return c.dec.DecodeAll(src, dst[:0])
}
