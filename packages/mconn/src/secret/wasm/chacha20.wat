;; ChaCha20 (RFC 8439 2.3-2.4), four blocks at once: one v128 per state word,
;; lane k = block k. Uses the key at 0 and ks at 128 (layout in frames.wat).
;; Module fields of the kernel, not a standalone module.

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
