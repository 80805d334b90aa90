import { spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_MESSAGE,
  referencePoly1305,
  wasmAeadOpen,
  wasmAeadSeal,
  wasmChacha20,
  wasmPoly1305,
} from './secret-wasm-helpers.js';

const h = (text: string): Buffer => Buffer.from(text.replace(/[\s:]/g, ''), 'hex');
const sunscreen = Buffer.from(
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
);
const key00 = h('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const key80 = h('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');

function nodeSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plain: Uint8Array): Buffer {
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  cipher.setAAD(aad, { plaintextLength: plain.length });
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function nodeOpen(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Buffer {
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  decipher.setAAD(aad, { plaintextLength: sealed.length - 16 });
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
}

describe('RFC 8439 vectors on the WebAssembly kernel', () => {
  test('§2.3.2 block function (key 00..1f, nonce 00000009 0000004a 00000000, counter 1)', () => {
    const block = wasmChacha20(key00, 1, h('000000090000004a00000000'), Buffer.alloc(64));
    expect(block.toString('hex')).toBe(
      '10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e' +
        'd2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e',
    );
  });

  test('§2.4.2 ChaCha20 encryption of the sunscreen text', () => {
    const ciphertext = wasmChacha20(key00, 1, h('000000000000004a00000000'), sunscreen);
    expect(ciphertext).toEqual(
      h(`6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b f91b65c5524733ab8f593dabcd62b357
         1639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e 52bc514d16ccf806818ce91ab7793736
         5af90bbf74a35be6b40b8eedf2785e42874d`),
    );
  });

  test('§2.5.2 Poly1305 of "Cryptographic Forum Research Group"', () => {
    const key = h('85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b');
    const message = Buffer.from('Cryptographic Forum Research Group');
    expect(wasmPoly1305(key, message).toString('hex')).toBe('a8061dc1305136c6c22b8baf0c0127a9');
    expect(referencePoly1305(key, message).toString('hex')).toBe('a8061dc1305136c6c22b8baf0c0127a9');
  });

  test('§2.6.2 Poly1305 key generation (first 32 bytes of block 0)', () => {
    const block0 = wasmChacha20(key80, 0, h('000000000001020304050607'), Buffer.alloc(32));
    expect(block0.toString('hex')).toBe('8ad5a08b905f81cc815040274ab29471a833b637e3fd0da508dbb8e2fdd1a646');
  });

  test('§2.8.2 AEAD seal and open', () => {
    const nonce = h('070000004041424344454647');
    const aad = h('50515253c0c1c2c3c4c5c6c7');
    const sealed = wasmAeadSeal(key80, nonce, aad, sunscreen);
    expect(sealed.subarray(0, sunscreen.length)).toEqual(
      h(`d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6 3dbea45e8ca9671282fafb69da92728b
         1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58 fab324e4fad675945585808b4831d7bc
         3ff4def08e4b7a9de576d26586cec64b6116`),
    );
    expect(sealed.subarray(sunscreen.length).toString('hex')).toBe('1ae10b594f09e26a7e902ecbd0600691');
    expect(wasmAeadOpen(key80, nonce, aad, sealed)).toEqual(sunscreen);
  });
});

describe('Poly1305 against a BigInt reference', () => {
  test('carry and reduction edge cases (all-ones limbs, h just above and below p)', () => {
    const keys = [
      h('02000000000000000000000000000000 00000000000000000000000000000000'),
      h('02000000000000000000000000000000 ffffffffffffffffffffffffffffffff'),
      h('01000000000000000000000000000000 00000000000000000000000000000000'),
      h('ffffff0ffcffff0ffcffff0ffcffff0f ffffffffffffffffffffffffffffffff'),
    ];
    const messages = [
      h('ffffffffffffffffffffffffffffffff'),
      h('02000000000000000000000000000000'),
      h('ffffffffffffffffffffffffffffffff f0ffffffffffffffffffffffffffffff 11000000000000000000000000000000'),
      h('ffffffffffffffffffffffffffffffff fbfefefefefefefefefefefefefefefe 01010101010101010101010101010101'),
      h('fdffffffffffffffffffffffffffffff'),
      Buffer.alloc(0),
      Buffer.alloc(1000, 0xff),
    ];
    for (const key of keys) {
      for (const message of messages) expect(wasmPoly1305(key, message)).toEqual(referencePoly1305(key, message));
    }
  });

  test('random keys and messages of every length class', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 600 }), (key, message) => {
        expect(wasmPoly1305(key, message)).toEqual(referencePoly1305(key, message));
      }),
      { numRuns: 300 },
    );
  });
});

describe('generic AEAD against node:crypto', () => {
  const input = fc.record({
    key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
    aad: fc.uint8Array({ maxLength: 40 }),
    plain: fc.uint8Array({ maxLength: 2100 }),
  });

  test('seal with WebAssembly, open with node:crypto, and back', () => {
    fc.assert(
      fc.property(input, ({ key, nonce, aad, plain }) => {
        const sealed = wasmAeadSeal(key, nonce, aad, plain);
        expect(sealed).toEqual(nodeSeal(key, nonce, aad, plain));
        expect(nodeOpen(key, nonce, aad, sealed)).toEqual(Buffer.from(plain));
        expect(wasmAeadOpen(key, nonce, aad, nodeSeal(key, nonce, aad, plain))).toEqual(Buffer.from(plain));
      }),
      { numRuns: 200 },
    );
  });

  test('any flipped bit of ciphertext, tag or AAD is rejected', () => {
    fc.assert(
      fc.property(input, fc.nat(), fc.integer({ min: 0, max: 7 }), ({ key, nonce, aad, plain }, at, bit) => {
        const sealed = nodeSeal(key, nonce, aad, plain);
        const tampered = Buffer.from(sealed);
        tampered[at % tampered.length]! ^= 1 << bit;
        expect(wasmAeadOpen(key, nonce, aad, tampered)).toBeUndefined();
        if (aad.length > 0) {
          const badAad = Buffer.from(aad);
          badAad[at % aad.length]! ^= 1 << bit;
          expect(wasmAeadOpen(key, nonce, badAad, sealed)).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a message filling the whole frame area', () => {
    const plain = Buffer.alloc(MAX_MESSAGE, 0xa5);
    const key = Buffer.alloc(32, 7);
    const nonce = Buffer.alloc(12, 9);
    const sealed = wasmAeadSeal(key, nonce, Buffer.alloc(0), plain);
    expect(sealed.equals(nodeSeal(key, nonce, Buffer.alloc(0), plain))).toBe(true);
    expect(wasmAeadOpen(key, nonce, Buffer.alloc(0), sealed)?.equals(plain)).toBe(true);
  });
});

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const hasWabt = ((): boolean => {
  try {
    createRequire(import.meta.url).resolve('wabt');
    return true;
  } catch {
    return false;
  }
})();

describe('the committed kernel', () => {
  test.skipIf(!hasWabt)('chacha-poly.wasm.ts is exactly what scripts/build-wasm.mjs assembles from the .wat files', () => {
    const run = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: packageDir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
  if (!hasWabt) console.warn('wabt is not installed: skipping the rebuild check of chacha-poly.wasm.ts');
});
