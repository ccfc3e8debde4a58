import { describe, expect, it } from 'vitest';
import { attributeEntries } from './contact';

describe('attributeEntries', () => {
  it('lists an object by key, skipping empty values', () => {
    expect(attributeEntries({ plano: 'Fibra 500', cidade: 'Campinas', vazio: '', nada: null, ativo: true, mb: 500 }))
      .toEqual([['ativo', 'true'], ['cidade', 'Campinas'], ['mb', '500'], ['plano', 'Fibra 500']]);
  });
  it('shows nested values as JSON', () => {
    expect(attributeEntries({ onu: { serial: 'ZTE1' } })).toEqual([['onu', '{"serial":"ZTE1"}']]);
  });
  it('has nothing to show for what is not an object', () => {
    expect(attributeEntries(null)).toEqual([]);
    expect(attributeEntries([1, 2])).toEqual([]);
    expect(attributeEntries('x')).toEqual([]);
  });
});
