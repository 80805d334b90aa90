;; ChaCha20-Poly1305 AEAD (RFC 8439 2.8) and the SecretConnection frame loops.
;; The kernel is written by hand in WebAssembly text, one concept per file:
;; frames.wat (memory layout, AEAD, frame loops), chacha20.wat, poly1305.wat.
;; These are module fields, not standalone modules: scripts/build-wasm.mjs
;; wraps them in one (module ...) and assembles it into chacha-poly.wasm.ts.
;; The JS side copies a batch of frames in, calls seal_frames/open_frames,
;; which loop over the frames here, and copies the batch out.

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
