;; ChaCha20-Poly1305 (RFC 8439) for the SecretConnection's frames, written by
;; hand in WebAssembly text; scripts/build-wasm.mjs assembles it into
;; chacha-poly.wasm.ts. ChaCha20 computes four blocks at once (one v128 per
;; state word, lane k = block k); Poly1305 keeps 26-bit limbs in i64.
;; The JS side copies a batch of frames in, calls seal_frames/open_frames,
;; which loop over the frames here, and copies the batch out.
(module
  (memory (export "memory") 3)

  ;; Memory layout. The caller writes the key at key_ptr before each call.
  ;;   0    key: 32 bytes
  ;;   64   pad: 32 bytes, zero-padded Poly1305 blocks, then a computed tag
  ;;   128  ks: 256 bytes, the keystream of four blocks
  ;;   1024 in: max_frames x 1044 bytes
  ;;   in + max_frames x 1044: out, as large
  (global (export "key_ptr") i32 (i32.const 0))
  (global (export "in_ptr") i32 (i32.const 1024))
  (global (export "out_ptr") i32 (i32.const 67840))
  (global (export "max_frames") i32 (i32.const 64))

  ;; Poly1305 state: clamped r, accumulator h (26-bit limbs), s = key[16..32].
  (global $r0 (mut i64) (i64.const 0)) (global $r1 (mut i64) (i64.const 0))
  (global $r2 (mut i64) (i64.const 0)) (global $r3 (mut i64) (i64.const 0))
  (global $r4 (mut i64) (i64.const 0))
  (global $h0 (mut i64) (i64.const 0)) (global $h1 (mut i64) (i64.const 0))
  (global $h2 (mut i64) (i64.const 0)) (global $h3 (mut i64) (i64.const 0))
  (global $h4 (mut i64) (i64.const 0))
  (global $s_lo (mut i64) (i64.const 0)) (global $s_hi (mut i64) (i64.const 0))

  ;; Four ChaCha20 blocks (counters ctr..ctr+3, nonce words n0 n1 n2, key at 0)
  ;; into ks, block k at ks + 64k.
  (func $chacha4 (param $ctr i32) (param $n0 i32) (param $n1 i32) (param $n2 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $x4 v128) (local $x5 v128) (local $x6 v128) (local $x7 v128)
    (local $x8 v128) (local $x9 v128) (local $x10 v128) (local $x11 v128)
    (local $x12 v128) (local $x13 v128) (local $x14 v128) (local $x15 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $i i32)
    (local.set $x0 (v128.const i32x4 0x61707865 0x61707865 0x61707865 0x61707865))
    (local.set $x1 (v128.const i32x4 0x3320646e 0x3320646e 0x3320646e 0x3320646e))
    (local.set $x2 (v128.const i32x4 0x79622d32 0x79622d32 0x79622d32 0x79622d32))
    (local.set $x3 (v128.const i32x4 0x6b206574 0x6b206574 0x6b206574 0x6b206574))
    (local.set $x4 (v128.load32_splat offset=0 (i32.const 0)))
    (local.set $x5 (v128.load32_splat offset=4 (i32.const 0)))
    (local.set $x6 (v128.load32_splat offset=8 (i32.const 0)))
    (local.set $x7 (v128.load32_splat offset=12 (i32.const 0)))
    (local.set $x8 (v128.load32_splat offset=16 (i32.const 0)))
    (local.set $x9 (v128.load32_splat offset=20 (i32.const 0)))
    (local.set $x10 (v128.load32_splat offset=24 (i32.const 0)))
    (local.set $x11 (v128.load32_splat offset=28 (i32.const 0)))
    (local.set $x12 (i32x4.add (i32x4.splat (local.get $ctr)) (v128.const i32x4 0 1 2 3)))
    (local.set $x13 (i32x4.splat (local.get $n0)))
    (local.set $x14 (i32x4.splat (local.get $n1)))
    (local.set $x15 (i32x4.splat (local.get $n2)))
    (local.set $i (i32.const 10))
    ;; Ten double rounds. Quarter round (a b c d), one line per step:
    ;; a += b, d ^= a, d <<<= 16 | c += d, b ^= c, b <<<= 12 | a += b, d ^= a, d <<<= 8 | c += d, b ^= c, b <<<= 7
    ;; (the 16-bit rotation is a byte shuffle; a constant byte shuffle for 8 costs V8 a
    ;; mask rebuild per use, so 8 is shifts like 12 and 7).
    (loop $double_round
      ;; Columns: (0 4 8 12) (1 5 9 13) (2 6 10 14) (3 7 11 15).
      local.get $x0 local.get $x4 i32x4.add local.tee $x0 local.get $x12 v128.xor local.tee $x12 local.get $x12 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x12
      local.get $x8 local.get $x12 i32x4.add local.tee $x8 local.get $x4 v128.xor local.tee $x4 i32.const 12 i32x4.shl local.get $x4 i32.const 20 i32x4.shr_u v128.or local.set $x4
      local.get $x0 local.get $x4 i32x4.add local.tee $x0 local.get $x12 v128.xor local.tee $x12 i32.const 8 i32x4.shl local.get $x12 i32.const 24 i32x4.shr_u v128.or local.set $x12
      local.get $x8 local.get $x12 i32x4.add local.tee $x8 local.get $x4 v128.xor local.tee $x4 i32.const 7 i32x4.shl local.get $x4 i32.const 25 i32x4.shr_u v128.or local.set $x4

      local.get $x1 local.get $x5 i32x4.add local.tee $x1 local.get $x13 v128.xor local.tee $x13 local.get $x13 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x13
      local.get $x9 local.get $x13 i32x4.add local.tee $x9 local.get $x5 v128.xor local.tee $x5 i32.const 12 i32x4.shl local.get $x5 i32.const 20 i32x4.shr_u v128.or local.set $x5
      local.get $x1 local.get $x5 i32x4.add local.tee $x1 local.get $x13 v128.xor local.tee $x13 i32.const 8 i32x4.shl local.get $x13 i32.const 24 i32x4.shr_u v128.or local.set $x13
      local.get $x9 local.get $x13 i32x4.add local.tee $x9 local.get $x5 v128.xor local.tee $x5 i32.const 7 i32x4.shl local.get $x5 i32.const 25 i32x4.shr_u v128.or local.set $x5

      local.get $x2 local.get $x6 i32x4.add local.tee $x2 local.get $x14 v128.xor local.tee $x14 local.get $x14 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x14
      local.get $x10 local.get $x14 i32x4.add local.tee $x10 local.get $x6 v128.xor local.tee $x6 i32.const 12 i32x4.shl local.get $x6 i32.const 20 i32x4.shr_u v128.or local.set $x6
      local.get $x2 local.get $x6 i32x4.add local.tee $x2 local.get $x14 v128.xor local.tee $x14 i32.const 8 i32x4.shl local.get $x14 i32.const 24 i32x4.shr_u v128.or local.set $x14
      local.get $x10 local.get $x14 i32x4.add local.tee $x10 local.get $x6 v128.xor local.tee $x6 i32.const 7 i32x4.shl local.get $x6 i32.const 25 i32x4.shr_u v128.or local.set $x6

      local.get $x3 local.get $x7 i32x4.add local.tee $x3 local.get $x15 v128.xor local.tee $x15 local.get $x15 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x15
      local.get $x11 local.get $x15 i32x4.add local.tee $x11 local.get $x7 v128.xor local.tee $x7 i32.const 12 i32x4.shl local.get $x7 i32.const 20 i32x4.shr_u v128.or local.set $x7
      local.get $x3 local.get $x7 i32x4.add local.tee $x3 local.get $x15 v128.xor local.tee $x15 i32.const 8 i32x4.shl local.get $x15 i32.const 24 i32x4.shr_u v128.or local.set $x15
      local.get $x11 local.get $x15 i32x4.add local.tee $x11 local.get $x7 v128.xor local.tee $x7 i32.const 7 i32x4.shl local.get $x7 i32.const 25 i32x4.shr_u v128.or local.set $x7

      ;; Diagonals: (0 5 10 15) (1 6 11 12) (2 7 8 13) (3 4 9 14).
      local.get $x0 local.get $x5 i32x4.add local.tee $x0 local.get $x15 v128.xor local.tee $x15 local.get $x15 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x15
      local.get $x10 local.get $x15 i32x4.add local.tee $x10 local.get $x5 v128.xor local.tee $x5 i32.const 12 i32x4.shl local.get $x5 i32.const 20 i32x4.shr_u v128.or local.set $x5
      local.get $x0 local.get $x5 i32x4.add local.tee $x0 local.get $x15 v128.xor local.tee $x15 i32.const 8 i32x4.shl local.get $x15 i32.const 24 i32x4.shr_u v128.or local.set $x15
      local.get $x10 local.get $x15 i32x4.add local.tee $x10 local.get $x5 v128.xor local.tee $x5 i32.const 7 i32x4.shl local.get $x5 i32.const 25 i32x4.shr_u v128.or local.set $x5

      local.get $x1 local.get $x6 i32x4.add local.tee $x1 local.get $x12 v128.xor local.tee $x12 local.get $x12 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x12
      local.get $x11 local.get $x12 i32x4.add local.tee $x11 local.get $x6 v128.xor local.tee $x6 i32.const 12 i32x4.shl local.get $x6 i32.const 20 i32x4.shr_u v128.or local.set $x6
      local.get $x1 local.get $x6 i32x4.add local.tee $x1 local.get $x12 v128.xor local.tee $x12 i32.const 8 i32x4.shl local.get $x12 i32.const 24 i32x4.shr_u v128.or local.set $x12
      local.get $x11 local.get $x12 i32x4.add local.tee $x11 local.get $x6 v128.xor local.tee $x6 i32.const 7 i32x4.shl local.get $x6 i32.const 25 i32x4.shr_u v128.or local.set $x6

      local.get $x2 local.get $x7 i32x4.add local.tee $x2 local.get $x13 v128.xor local.tee $x13 local.get $x13 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x13
      local.get $x8 local.get $x13 i32x4.add local.tee $x8 local.get $x7 v128.xor local.tee $x7 i32.const 12 i32x4.shl local.get $x7 i32.const 20 i32x4.shr_u v128.or local.set $x7
      local.get $x2 local.get $x7 i32x4.add local.tee $x2 local.get $x13 v128.xor local.tee $x13 i32.const 8 i32x4.shl local.get $x13 i32.const 24 i32x4.shr_u v128.or local.set $x13
      local.get $x8 local.get $x13 i32x4.add local.tee $x8 local.get $x7 v128.xor local.tee $x7 i32.const 7 i32x4.shl local.get $x7 i32.const 25 i32x4.shr_u v128.or local.set $x7

      local.get $x3 local.get $x4 i32x4.add local.tee $x3 local.get $x14 v128.xor local.tee $x14 local.get $x14 i8x16.shuffle 2 3 0 1 6 7 4 5 10 11 8 9 14 15 12 13 local.set $x14
      local.get $x9 local.get $x14 i32x4.add local.tee $x9 local.get $x4 v128.xor local.tee $x4 i32.const 12 i32x4.shl local.get $x4 i32.const 20 i32x4.shr_u v128.or local.set $x4
      local.get $x3 local.get $x4 i32x4.add local.tee $x3 local.get $x14 v128.xor local.tee $x14 i32.const 8 i32x4.shl local.get $x14 i32.const 24 i32x4.shr_u v128.or local.set $x14
      local.get $x9 local.get $x14 i32x4.add local.tee $x9 local.get $x4 v128.xor local.tee $x4 i32.const 7 i32x4.shl local.get $x4 i32.const 25 i32x4.shr_u v128.or local.set $x4

      (br_if $double_round (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))

    ;; Add the input state back.
    (local.set $x0 (i32x4.add (local.get $x0) (v128.const i32x4 0x61707865 0x61707865 0x61707865 0x61707865)))
    (local.set $x1 (i32x4.add (local.get $x1) (v128.const i32x4 0x3320646e 0x3320646e 0x3320646e 0x3320646e)))
    (local.set $x2 (i32x4.add (local.get $x2) (v128.const i32x4 0x79622d32 0x79622d32 0x79622d32 0x79622d32)))
    (local.set $x3 (i32x4.add (local.get $x3) (v128.const i32x4 0x6b206574 0x6b206574 0x6b206574 0x6b206574)))
    (local.set $x4 (i32x4.add (local.get $x4) (v128.load32_splat offset=0 (i32.const 0))))
    (local.set $x5 (i32x4.add (local.get $x5) (v128.load32_splat offset=4 (i32.const 0))))
    (local.set $x6 (i32x4.add (local.get $x6) (v128.load32_splat offset=8 (i32.const 0))))
    (local.set $x7 (i32x4.add (local.get $x7) (v128.load32_splat offset=12 (i32.const 0))))
    (local.set $x8 (i32x4.add (local.get $x8) (v128.load32_splat offset=16 (i32.const 0))))
    (local.set $x9 (i32x4.add (local.get $x9) (v128.load32_splat offset=20 (i32.const 0))))
    (local.set $x10 (i32x4.add (local.get $x10) (v128.load32_splat offset=24 (i32.const 0))))
    (local.set $x11 (i32x4.add (local.get $x11) (v128.load32_splat offset=28 (i32.const 0))))
    (local.set $x12 (i32x4.add (local.get $x12)
      (i32x4.add (i32x4.splat (local.get $ctr)) (v128.const i32x4 0 1 2 3))))
    (local.set $x13 (i32x4.add (local.get $x13) (i32x4.splat (local.get $n0))))
    (local.set $x14 (i32x4.add (local.get $x14) (i32x4.splat (local.get $n1))))
    (local.set $x15 (i32x4.add (local.get $x15) (i32x4.splat (local.get $n2))))

    ;; Transpose each group of four word-vectors into 16-byte rows of the four
    ;; blocks: (w, x, y, z) -> a = w0 x0 w1 x1, b = w2 x2 w3 x3, c, d likewise
    ;; for y z; block 0 = a.lo c.lo, 1 = a.hi c.hi, 2 = b.lo d.lo, 3 = b.hi d.hi.
    (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
    (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
    (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
    (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
    (v128.store offset=128 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
    (v128.store offset=192 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
    (v128.store offset=256 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
    (v128.store offset=320 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))

    (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x4) (local.get $x5)))
    (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x4) (local.get $x5)))
    (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x6) (local.get $x7)))
    (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x6) (local.get $x7)))
    (v128.store offset=144 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
    (v128.store offset=208 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
    (v128.store offset=272 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
    (v128.store offset=336 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))

    (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x8) (local.get $x9)))
    (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x8) (local.get $x9)))
    (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x10) (local.get $x11)))
    (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x10) (local.get $x11)))
    (v128.store offset=160 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
    (v128.store offset=224 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
    (v128.store offset=288 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
    (v128.store offset=352 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))

    (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x12) (local.get $x13)))
    (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x12) (local.get $x13)))
    (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x14) (local.get $x15)))
    (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x14) (local.get $x15)))
    (v128.store offset=176 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
    (v128.store offset=240 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
    (v128.store offset=304 (i32.const 0) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
    (v128.store offset=368 (i32.const 0) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d))))

  ;; dst[0..len) = src[0..len) ^ keystream at ks (len <= 256 - ks offset).
  (func $xor_ks (param $src i32) (param $dst i32) (param $ks i32) (param $len i32)
    (block $bytes
      (loop $vectors
        (br_if $bytes (i32.lt_u (local.get $len) (i32.const 16)))
        (v128.store (local.get $dst) (v128.xor (v128.load (local.get $src)) (v128.load (local.get $ks))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $ks (i32.add (local.get $ks) (i32.const 16)))
        (local.set $len (i32.sub (local.get $len) (i32.const 16)))
        (br $vectors)))
    (block $done
      (loop $byte
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store8 (local.get $dst) (i32.xor (i32.load8_u (local.get $src)) (i32.load8_u (local.get $ks))))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $ks (i32.add (local.get $ks) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $byte))))

  ;; ChaCha20 encryption (RFC 8439 2.4): dst = src ^ keystream from block ctr.
  (func $chacha_xor (export "chacha20_xor")
    (param $src i32) (param $dst i32) (param $len i32) (param $ctr i32) (param $n0 i32) (param $n1 i32) (param $n2 i32)
    (local $n i32)
    (block $done
      (loop $chunk
        (br_if $done (i32.eqz (local.get $len)))
        (call $chacha4 (local.get $ctr) (local.get $n0) (local.get $n1) (local.get $n2))
        (local.set $n (select (local.get $len) (i32.const 256) (i32.lt_u (local.get $len) (i32.const 256))))
        (call $xor_ks (local.get $src) (local.get $dst) (i32.const 128) (local.get $n))
        (local.set $src (i32.add (local.get $src) (local.get $n)))
        (local.set $dst (i32.add (local.get $dst) (local.get $n)))
        (local.set $len (i32.sub (local.get $len) (local.get $n)))
        (local.set $ctr (i32.add (local.get $ctr) (i32.const 4)))
        (br $chunk))))

  ;; Poly1305 key setup: r (clamped) and s from the 32 bytes at k; h = 0.
  (func $poly_init (param $k i32)
    (global.set $r0 (i64.and (i64.load32_u offset=0 (local.get $k)) (i64.const 0x3ffffff)))
    (global.set $r1 (i64.and (i64.shr_u (i64.load32_u offset=3 (local.get $k)) (i64.const 2)) (i64.const 0x3ffff03)))
    (global.set $r2 (i64.and (i64.shr_u (i64.load32_u offset=6 (local.get $k)) (i64.const 4)) (i64.const 0x3ffc0ff)))
    (global.set $r3 (i64.and (i64.shr_u (i64.load32_u offset=9 (local.get $k)) (i64.const 6)) (i64.const 0x3f03fff)))
    (global.set $r4 (i64.and (i64.shr_u (i64.load32_u offset=12 (local.get $k)) (i64.const 8)) (i64.const 0x00fffff)))
    (global.set $s_lo (i64.load offset=16 (local.get $k)))
    (global.set $s_hi (i64.load offset=24 (local.get $k)))
    (global.set $h0 (i64.const 0)) (global.set $h1 (i64.const 0)) (global.set $h2 (i64.const 0))
    (global.set $h3 (i64.const 0)) (global.set $h4 (i64.const 0)))

  ;; h = (h + block) * r mod 2^130 - 5 for n 16-byte blocks at m; hibit is
  ;; 1 << 24 (the 2^128 bit in limb 4) for full blocks, 0 for a padded final one.
  (func $poly_blocks (param $m i32) (param $n i32) (param $hibit i64)
    (local $h0 i64) (local $h1 i64) (local $h2 i64) (local $h3 i64) (local $h4 i64)
    (local $r0 i64) (local $r1 i64) (local $r2 i64) (local $r3 i64) (local $r4 i64)
    (local $s1 i64) (local $s2 i64) (local $s3 i64) (local $s4 i64)
    (local $d0 i64) (local $d1 i64) (local $d2 i64) (local $d3 i64) (local $d4 i64)
    (local.set $h0 (global.get $h0)) (local.set $h1 (global.get $h1)) (local.set $h2 (global.get $h2))
    (local.set $h3 (global.get $h3)) (local.set $h4 (global.get $h4))
    (local.set $r0 (global.get $r0)) (local.set $r1 (global.get $r1)) (local.set $r2 (global.get $r2))
    (local.set $r3 (global.get $r3)) (local.set $r4 (global.get $r4))
    (local.set $s1 (i64.mul (local.get $r1) (i64.const 5))) (local.set $s2 (i64.mul (local.get $r2) (i64.const 5)))
    (local.set $s3 (i64.mul (local.get $r3) (i64.const 5))) (local.set $s4 (i64.mul (local.get $r4) (i64.const 5)))
    (block $done
      (loop $block
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $h0 (i64.add (local.get $h0) (i64.and (i64.load32_u offset=0 (local.get $m)) (i64.const 0x3ffffff))))
        (local.set $h1 (i64.add (local.get $h1) (i64.and (i64.shr_u (i64.load32_u offset=3 (local.get $m)) (i64.const 2)) (i64.const 0x3ffffff))))
        (local.set $h2 (i64.add (local.get $h2) (i64.and (i64.shr_u (i64.load32_u offset=6 (local.get $m)) (i64.const 4)) (i64.const 0x3ffffff))))
        (local.set $h3 (i64.add (local.get $h3) (i64.and (i64.shr_u (i64.load32_u offset=9 (local.get $m)) (i64.const 6)) (i64.const 0x3ffffff))))
        (local.set $h4 (i64.add (local.get $h4) (i64.or (i64.shr_u (i64.load32_u offset=12 (local.get $m)) (i64.const 8)) (local.get $hibit))))
        (local.set $d0 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r0)) (i64.mul (local.get $h1) (local.get $s4)))
          (i64.mul (local.get $h2) (local.get $s3))) (i64.mul (local.get $h3) (local.get $s2)))
          (i64.mul (local.get $h4) (local.get $s1))))
        (local.set $d1 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r1)) (i64.mul (local.get $h1) (local.get $r0)))
          (i64.mul (local.get $h2) (local.get $s4))) (i64.mul (local.get $h3) (local.get $s3)))
          (i64.mul (local.get $h4) (local.get $s2))))
        (local.set $d2 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r2)) (i64.mul (local.get $h1) (local.get $r1)))
          (i64.mul (local.get $h2) (local.get $r0))) (i64.mul (local.get $h3) (local.get $s4)))
          (i64.mul (local.get $h4) (local.get $s3))))
        (local.set $d3 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r3)) (i64.mul (local.get $h1) (local.get $r2)))
          (i64.mul (local.get $h2) (local.get $r1))) (i64.mul (local.get $h3) (local.get $r0)))
          (i64.mul (local.get $h4) (local.get $s4))))
        (local.set $d4 (i64.add (i64.add (i64.add (i64.add
          (i64.mul (local.get $h0) (local.get $r4)) (i64.mul (local.get $h1) (local.get $r3)))
          (i64.mul (local.get $h2) (local.get $r2))) (i64.mul (local.get $h3) (local.get $r1)))
          (i64.mul (local.get $h4) (local.get $r0))))
        ;; Partial carry: limbs back to ~26 bits; the 2^130 overflow re-enters as x5.
        (local.set $d1 (i64.add (local.get $d1) (i64.shr_u (local.get $d0) (i64.const 26))))
        (local.set $d2 (i64.add (local.get $d2) (i64.shr_u (local.get $d1) (i64.const 26))))
        (local.set $d3 (i64.add (local.get $d3) (i64.shr_u (local.get $d2) (i64.const 26))))
        (local.set $d4 (i64.add (local.get $d4) (i64.shr_u (local.get $d3) (i64.const 26))))
        (local.set $h0 (i64.add (i64.and (local.get $d0) (i64.const 0x3ffffff))
          (i64.mul (i64.shr_u (local.get $d4) (i64.const 26)) (i64.const 5))))
        (local.set $h1 (i64.add (i64.and (local.get $d1) (i64.const 0x3ffffff)) (i64.shr_u (local.get $h0) (i64.const 26))))
        (local.set $h0 (i64.and (local.get $h0) (i64.const 0x3ffffff)))
        (local.set $h2 (i64.and (local.get $d2) (i64.const 0x3ffffff)))
        (local.set $h3 (i64.and (local.get $d3) (i64.const 0x3ffffff)))
        (local.set $h4 (i64.and (local.get $d4) (i64.const 0x3ffffff)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $block)))
    (global.set $h0 (local.get $h0)) (global.set $h1 (local.get $h1)) (global.set $h2 (local.get $h2))
    (global.set $h3 (local.get $h3)) (global.set $h4 (local.get $h4)))

  ;; Feeds len bytes at m as full blocks, the last one zero-padded (AEAD padding).
  (func $poly_padded (param $m i32) (param $len i32)
    (local $tail i32)
    (call $poly_blocks (local.get $m) (i32.shr_u (local.get $len) (i32.const 4)) (i64.const 0x1000000))
    (local.set $tail (i32.and (local.get $len) (i32.const 15)))
    (if (local.get $tail)
      (then
        (v128.store (i32.const 64) (v128.const i64x2 0 0))
        (memory.copy (i32.const 64) (i32.sub (i32.add (local.get $m) (local.get $len)) (local.get $tail)) (local.get $tail))
        (call $poly_blocks (i32.const 64) (i32.const 1) (i64.const 0x1000000)))))

  ;; The AEAD MAC input (RFC 8439 2.8): aad, pad, ciphertext, pad, le64 lengths.
  (func $poly_aead (param $aad i32) (param $aad_len i32) (param $ct i32) (param $ct_len i32)
    (call $poly_padded (local.get $aad) (local.get $aad_len))
    (call $poly_padded (local.get $ct) (local.get $ct_len))
    (i64.store offset=64 (i32.const 0) (i64.extend_i32_u (local.get $aad_len)))
    (i64.store offset=72 (i32.const 0) (i64.extend_i32_u (local.get $ct_len)))
    (call $poly_blocks (i32.const 64) (i32.const 1) (i64.const 0x1000000)))

  ;; Writes the tag (h fully reduced mod 2^130 - 5, plus s, mod 2^128) at out.
  (func $poly_finish (param $out i32)
    (local $h0 i64) (local $h1 i64) (local $h2 i64) (local $h3 i64) (local $h4 i64)
    (local $g0 i64) (local $g1 i64) (local $g2 i64) (local $g3 i64) (local $g4 i64)
    (local $keep i64) (local $t0 i64) (local $t1 i64) (local $t2 i64) (local $t3 i64) (local $lo i64)
    (local.set $h0 (global.get $h0)) (local.set $h1 (global.get $h1)) (local.set $h2 (global.get $h2))
    (local.set $h3 (global.get $h3)) (local.set $h4 (global.get $h4))
    ;; Full carry.
    (local.set $h2 (i64.add (local.get $h2) (i64.shr_u (local.get $h1) (i64.const 26))))
    (local.set $h1 (i64.and (local.get $h1) (i64.const 0x3ffffff)))
    (local.set $h3 (i64.add (local.get $h3) (i64.shr_u (local.get $h2) (i64.const 26))))
    (local.set $h2 (i64.and (local.get $h2) (i64.const 0x3ffffff)))
    (local.set $h4 (i64.add (local.get $h4) (i64.shr_u (local.get $h3) (i64.const 26))))
    (local.set $h3 (i64.and (local.get $h3) (i64.const 0x3ffffff)))
    (local.set $h0 (i64.add (local.get $h0) (i64.mul (i64.shr_u (local.get $h4) (i64.const 26)) (i64.const 5))))
    (local.set $h4 (i64.and (local.get $h4) (i64.const 0x3ffffff)))
    (local.set $h1 (i64.add (local.get $h1) (i64.shr_u (local.get $h0) (i64.const 26))))
    (local.set $h0 (i64.and (local.get $h0) (i64.const 0x3ffffff)))
    ;; g = h + 5 - 2^130; if g >= 0 then h >= p and the result is g (chosen without a branch).
    (local.set $g0 (i64.add (local.get $h0) (i64.const 5)))
    (local.set $g1 (i64.add (local.get $h1) (i64.shr_u (local.get $g0) (i64.const 26))))
    (local.set $g0 (i64.and (local.get $g0) (i64.const 0x3ffffff)))
    (local.set $g2 (i64.add (local.get $h2) (i64.shr_u (local.get $g1) (i64.const 26))))
    (local.set $g1 (i64.and (local.get $g1) (i64.const 0x3ffffff)))
    (local.set $g3 (i64.add (local.get $h3) (i64.shr_u (local.get $g2) (i64.const 26))))
    (local.set $g2 (i64.and (local.get $g2) (i64.const 0x3ffffff)))
    (local.set $g4 (i64.sub (i64.add (local.get $h4) (i64.shr_u (local.get $g3) (i64.const 26))) (i64.const 0x4000000)))
    (local.set $g3 (i64.and (local.get $g3) (i64.const 0x3ffffff)))
    (local.set $keep (i64.shr_s (local.get $g4) (i64.const 63)))
    (local.set $h0 (i64.or (i64.and (local.get $h0) (local.get $keep)) (i64.and (local.get $g0) (i64.xor (local.get $keep) (i64.const -1)))))
    (local.set $h1 (i64.or (i64.and (local.get $h1) (local.get $keep)) (i64.and (local.get $g1) (i64.xor (local.get $keep) (i64.const -1)))))
    (local.set $h2 (i64.or (i64.and (local.get $h2) (local.get $keep)) (i64.and (local.get $g2) (i64.xor (local.get $keep) (i64.const -1)))))
    (local.set $h3 (i64.or (i64.and (local.get $h3) (local.get $keep)) (i64.and (local.get $g3) (i64.xor (local.get $keep) (i64.const -1)))))
    (local.set $h4 (i64.or (i64.and (local.get $h4) (local.get $keep)) (i64.and (local.get $g4) (i64.xor (local.get $keep) (i64.const -1)))))
    ;; Pack into 32-bit words with carries (tolerates a limb of exactly 2^26), add s.
    (local.set $t0 (i64.add (local.get $h0) (i64.and (i64.shl (local.get $h1) (i64.const 26)) (i64.const 0xffffffff))))
    (local.set $t1 (i64.add (i64.add (i64.shr_u (local.get $h1) (i64.const 6))
      (i64.and (i64.shl (local.get $h2) (i64.const 20)) (i64.const 0xffffffff))) (i64.shr_u (local.get $t0) (i64.const 32))))
    (local.set $t2 (i64.add (i64.add (i64.shr_u (local.get $h2) (i64.const 12))
      (i64.and (i64.shl (local.get $h3) (i64.const 14)) (i64.const 0xffffffff))) (i64.shr_u (local.get $t1) (i64.const 32))))
    (local.set $t3 (i64.add (i64.add (i64.shr_u (local.get $h3) (i64.const 18))
      (i64.shl (local.get $h4) (i64.const 8))) (i64.shr_u (local.get $t2) (i64.const 32))))
    (local.set $lo (i64.add (i64.or (i64.and (local.get $t0) (i64.const 0xffffffff)) (i64.shl (local.get $t1) (i64.const 32)))
      (global.get $s_lo)))
    (i64.store offset=0 (local.get $out) (local.get $lo))
    (i64.store offset=8 (local.get $out)
      (i64.add (i64.add (i64.or (i64.and (local.get $t2) (i64.const 0xffffffff)) (i64.shl (local.get $t3) (i64.const 32)))
        (global.get $s_hi)) (i64.extend_i32_u (i64.lt_u (local.get $lo) (global.get $s_lo))))))

  ;; Poly1305 MAC (RFC 8439 2.5) of len bytes at m with the 32-byte key at k.
  (func (export "poly1305") (param $m i32) (param $len i32) (param $k i32) (param $out i32)
    (local $tail i32)
    (call $poly_init (local.get $k))
    (call $poly_blocks (local.get $m) (i32.shr_u (local.get $len) (i32.const 4)) (i64.const 0x1000000))
    (local.set $tail (i32.and (local.get $len) (i32.const 15)))
    (if (local.get $tail)
      (then
        (v128.store (i32.const 64) (v128.const i64x2 0 0))
        (memory.copy (i32.const 64) (i32.sub (i32.add (local.get $m) (local.get $len)) (local.get $tail)) (local.get $tail))
        (i32.store8 offset=64 (local.get $tail) (i32.const 1))
        (call $poly_blocks (i32.const 64) (i32.const 1) (i64.const 0))))
    (call $poly_finish (local.get $out)))

  ;; Encrypts len bytes after block 0 of chacha4(0) (still in ks) was used as the Poly1305 key.
  (func $crypt_body (param $src i32) (param $dst i32) (param $len i32) (param $n0 i32) (param $n1 i32) (param $n2 i32)
    (local $first i32)
    (local.set $first (select (local.get $len) (i32.const 192) (i32.lt_u (local.get $len) (i32.const 192))))
    (call $xor_ks (local.get $src) (local.get $dst) (i32.const 192) (local.get $first))
    (if (i32.gt_u (local.get $len) (i32.const 192))
      (then (call $chacha_xor (i32.add (local.get $src) (i32.const 192)) (i32.add (local.get $dst) (i32.const 192))
        (i32.sub (local.get $len) (i32.const 192)) (i32.const 4) (local.get $n0) (local.get $n1) (local.get $n2)))))

  ;; AEAD seal (RFC 8439 2.8): dst = ciphertext (len bytes) then the 16-byte tag.
  (func $aead_seal (export "aead_seal")
    (param $src i32) (param $dst i32) (param $len i32) (param $aad i32) (param $aad_len i32)
    (param $n0 i32) (param $n1 i32) (param $n2 i32)
    (call $chacha4 (i32.const 0) (local.get $n0) (local.get $n1) (local.get $n2))
    (call $poly_init (i32.const 128))
    (call $crypt_body (local.get $src) (local.get $dst) (local.get $len) (local.get $n0) (local.get $n1) (local.get $n2))
    (call $poly_aead (local.get $aad) (local.get $aad_len) (local.get $dst) (local.get $len))
    (call $poly_finish (i32.add (local.get $dst) (local.get $len))))

  ;; AEAD open: src = ciphertext (len bytes) then the tag. Verifies the tag in
  ;; constant time before decrypting into dst; returns 1 if it verified, else 0.
  (func $aead_open (export "aead_open")
    (param $src i32) (param $dst i32) (param $len i32) (param $aad i32) (param $aad_len i32)
    (param $n0 i32) (param $n1 i32) (param $n2 i32) (result i32)
    (local $tag i32)
    (call $chacha4 (i32.const 0) (local.get $n0) (local.get $n1) (local.get $n2))
    (call $poly_init (i32.const 128))
    (call $poly_aead (local.get $aad) (local.get $aad_len) (local.get $src) (local.get $len))
    (call $poly_finish (i32.const 64))
    (local.set $tag (i32.add (local.get $src) (local.get $len)))
    (if (i64.ne (i64.or
          (i64.xor (i64.load offset=64 (i32.const 0)) (i64.load offset=0 (local.get $tag)))
          (i64.xor (i64.load offset=72 (i32.const 0)) (i64.load offset=8 (local.get $tag))))
        (i64.const 0))
      (then (return (i32.const 0))))
    (call $crypt_body (local.get $src) (local.get $dst) (local.get $len) (local.get $n0) (local.get $n1) (local.get $n2))
    (i32.const 1))

  ;; Seals count 1028-byte frames at in_ptr into 1044-byte frames at out_ptr;
  ;; frame i uses nonce 0 ‖ le64(start + i), start = hi:lo.
  (func (export "seal_frames") (param $count i32) (param $lo i32) (param $hi i32)
    (local $i i32) (local $nonce i64)
    (local.set $nonce (i64.or (i64.shl (i64.extend_i32_u (local.get $hi)) (i64.const 32)) (i64.extend_i32_u (local.get $lo))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (call $aead_seal
          (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 1028)))
          (i32.add (i32.const 67840) (i32.mul (local.get $i) (i32.const 1044)))
          (i32.const 1028) (i32.const 0) (i32.const 0)
          (i32.const 0) (i32.wrap_i64 (local.get $nonce)) (i32.wrap_i64 (i64.shr_u (local.get $nonce) (i64.const 32))))
        (local.set $nonce (i64.add (local.get $nonce) (i64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $frame))))

  ;; Opens count 1044-byte frames at in_ptr into 1028-byte frames at out_ptr;
  ;; returns how many authenticated before the first bad tag.
  (func (export "open_frames") (param $count i32) (param $lo i32) (param $hi i32) (result i32)
    (local $i i32) (local $nonce i64)
    (local.set $nonce (i64.or (i64.shl (i64.extend_i32_u (local.get $hi)) (i64.const 32)) (i64.extend_i32_u (local.get $lo))))
    (block $done
      (loop $frame
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (br_if $done (i32.eqz (call $aead_open
          (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 1044)))
          (i32.add (i32.const 67840) (i32.mul (local.get $i) (i32.const 1028)))
          (i32.const 1028) (i32.const 0) (i32.const 0)
          (i32.const 0) (i32.wrap_i64 (local.get $nonce)) (i32.wrap_i64 (i64.shr_u (local.get $nonce) (i64.const 32))))))
        (local.set $nonce (i64.add (local.get $nonce) (i64.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $frame)))
    (local.get $i))
)
